#!/usr/bin/env python3
"""deadlines.py - a second, independent implementation of Passerelle's deadlines.

Written from DOMAIN.md and issue 3 only, without looking at formats/cal.c: the offsets come
from the system zone database (zoneinfo, tzdata), Easter from Oudin's algorithm (cal.c uses
Meeus/Jones/Butcher), "the Jour Ouvre preceding the last N" from the list of the month's
Jours Ouvres (cal.c walks back day by day).

usage: deadlines.py list FROM TO     one line per deadline, as build/tools/cal_oracle prints
       deadlines.py calendar YEAR    JSON Lines, as `passerelle calendar YEAR --json` prints
"""
import json
import sys
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
WEEK_FLOWS = ["cdc", "cdc-profilee", "flexloc", "eif-activations"]
JO5_FLOWS = ["perimetre", "facteur-impact", "eif-sites", "sites-j1"]
JO10_FLOWS = ["demande-perimetre", "capacite"]
MONTH_FLOWS = ["cles"] + JO5_FLOWS + JO10_FLOWS
# Flow order of the calendar does not matter: outputs are compared sorted.


def easter(y):
    """Easter Sunday, Oudin's algorithm (1940)."""
    g = y % 19
    c = y // 100
    h = (c - c // 4 - (8 * c + 13) // 25 + 19 * g + 15) % 30
    i = h - (h // 28) * (1 - (h // 28) * (29 // (h + 1)) * ((21 - g) // 11))
    j = (y + y // 4 + i + 2 - c + c // 4) % 7
    p = i - j
    return date(y, 3 + (p + 26) // 30, 1 + (p + 27 + (p + 6) // 40) % 31)


_holidays = {}


def holidays(y):
    if y not in _holidays:
        e = easter(y)
        fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
        _holidays[y] = {date(y, m, d) for m, d in fixed} | {
            e + timedelta(days=1),  # Easter Monday
            e + timedelta(days=39),  # Ascension Thursday
            e + timedelta(days=50),  # Whit Monday
        }
    return _holidays[y]


def jour_ouvre(d):
    return d.weekday() < 5 and d not in holidays(d.year)


def iso(d, hh, mi, ss):
    return datetime.combine(d, time(hh, mi, ss), tzinfo=PARIS).isoformat()


def end_of(d):
    return iso(d, 23, 59, 59)


def week_deadline(d, week_start_py):
    """Friday 12:00 of week S+1; week_start_py: Python weekday (Monday=0, Saturday=5)."""
    start = d - timedelta(days=(d.weekday() - week_start_py) % 7)
    nxt = start + timedelta(days=7)
    friday = nxt + timedelta(days=(4 - nxt.weekday()) % 7)
    return iso(friday, 12, 0, 0)


def month_days(y, m):
    d = date(y, m, 1)
    while d.month == m:
        yield d
        d += timedelta(days=1)


def third_thursday_after(y, m):
    y2, m2 = (y + 1, 1) if m == 12 else (y, m + 1)
    thursdays = [d for d in month_days(y2, m2) if d.weekday() == 3]
    return thursdays[2]


def jo_before_last(y, m, n):
    jos = [d for d in month_days(y, m) if jour_ouvre(d)]
    return jos[-(n + 1)]


def month_deadline(flow, y, m):
    if flow == "cles":
        return end_of(third_thursday_after(y, m))
    return end_of(jo_before_last(y, m, 5 if flow in JO5_FLOWS else 10))


def parse_instant(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def contestation(ref):
    d = parse_instant(ref).astimezone(PARIS).date()
    found = 0
    while found < 3:
        d += timedelta(days=1)
        found += jour_ouvre(d)
    return end_of(d)


def effective_date(ref):
    t = parse_instant(ref)
    local = t.astimezone(PARIS)
    y, m = local.year, local.month
    dl = datetime.fromisoformat(month_deadline("demande-perimetre", y, m))
    k = y * 12 + (m - 1) + (1 if t <= dl else 2)
    return date(k // 12, k % 12 + 1, 1).isoformat()


def days(y0, y1):
    d = date(y0, 1, 1)
    while d.year <= y1:
        yield d
        d += timedelta(days=1)


def listing(y0, y1):
    out = []
    for flow in MONTH_FLOWS:
        for y in range(y0, y1 + 1):
            for m in range(1, 13):
                out.append(f"{flow} {y:04d}-{m:02d} {month_deadline(flow, y, m)}")
    for d in days(y0, y1):
        for flow in WEEK_FLOWS:
            out.append(f"{flow} {d.isoformat()} {week_deadline(d, 5)}")
        out.append(f"cdc/monday {d.isoformat()} {week_deadline(d, 0)}")
        refs = [iso(d, 0, 0, 0), iso(d, 12, 0, 0), iso(d, 23, 59, 59)]
        for ref in refs + [f"{d.isoformat()}T23:30:00Z"]:
            out.append(f"contestation {ref} {contestation(ref)}")
        for ref in refs:
            out.append(f"effective-date {ref} {effective_date(ref)}")
    return out


def calendar(year):
    out = []

    def row(flow, ref, dl):
        if dl.startswith(f"{year:04d}-"):
            out.append(json.dumps({"flow": flow, "ref": ref, "deadline": dl}, separators=(",", ":")))

    for flow in MONTH_FLOWS:
        for y, m in [(year - 1, 12)] + [(year, m) for m in range(1, 13)]:
            row(flow, f"{y:04d}-{m:02d}", month_deadline(flow, y, m))
    # Weeks start on Saturday (the default week_start); REF is the week's first day.
    d = date(year - 1, 11, 1)
    d += timedelta(days=(5 - d.weekday()) % 7)
    while d.year <= year:
        for flow in WEEK_FLOWS:
            row(flow, d.isoformat(), week_deadline(d, 5))
        d += timedelta(days=7)
    return out


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "list":
        lines = listing(int(sys.argv[2]), int(sys.argv[3]))
    elif len(sys.argv) == 3 and sys.argv[1] == "calendar":
        lines = calendar(int(sys.argv[2]))
    else:
        sys.exit(__doc__)
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
