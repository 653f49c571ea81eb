#!/usr/bin/env python3
"""make-samples.py - regenerate samples/flexloc/*.xml and their .expect files.

Each invalid sample triggers one rule and is named after its reason code; its .expect lists
the reasons it must yield, one per line as "CODE LINE". Valid samples have an empty .expect.
Run from the repository top: python3 samples/flexloc/make-samples.py
Week S starts Saturday 2026-01-10 (UTC 2026-01-09T23:00Z to 2026-01-16T23:00Z, 2016 steps):
due Friday 23 January 2026 12:00. valid-dst-march: the week of 28 March 2026 (2004 steps,
ends at 2026-04-03T22:00Z); valid-dst-october: the week of 24 October 2026 (2028 steps, ends
at 2026-10-30T23:00Z)."""
import os

OUT = os.path.dirname(os.path.abspath(__file__))
ALPHA = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"
NS, ROOT = "urn:passerelle:flexloc:1", "ChroniquesFlexibiliteLocale"


def eic(first15):
    assert len(first15) == 15, first15
    s = sum(ALPHA.index(c) * (16 - i) for i, c in enumerate(first15))
    return first15 + ALPHA[36 - ((s - 1) % 37)]


def bad_eic(first15):
    good = eic(first15)
    return good[:15] + ("A" if good[15] != "A" else "B")


GRD = eic("17X100A100A0001")  # Enedis
RTE = eic("10XFR-RTE------")
assert GRD == "17X100A100A0001A" and RTE == "10XFR-RTE------Q"


class Doc:
    def __init__(self, week="2026-01-10", sender=GRD, week_codes=None):
        self.lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<%s xmlns="%s">' % (ROOT, NS)]
        self.expect = []
        self.mrid_line = self.add('  <mRID>GRD-FLEX-%s</mRID>' % week.replace("-", ""))
        self.add('  <revision>1</revision>')
        self.add('  <sender>%s</sender>' % sender, ["EIC-CHECK"] if sender != GRD else None)
        self.add('  <receiver>%s</receiver>' % RTE)
        self.add('  <createdDateTime>2026-01-19T08:00:00Z</createdDateTime>')
        self.add('  <week start="%s"/>' % week, week_codes)
        self.open = False

    def add(self, line, codes=None):
        self.lines.append(line)
        for c in (codes or []):
            self.expect.append("%s %d" % (c, len(self.lines)))
        return len(self.lines)

    def series(self, eda, codes=None, unit="kW"):
        self.close()
        self.add('  <Series eda="%s" unit="%s">' % (eda, unit), codes)
        self.open = True

    def period(self, start, end, points, codes=None, res="PT5M"):
        """points: list of (position, quantity[, codes])"""
        self.add('    <Period resolution="%s" start="%s" end="%s">' % (res, start, end), codes)
        for p in points:
            self.add('      <Point position="%d" quantity="%d"/>' % (p[0], p[1]),
                     p[2] if len(p) > 2 else None)
        self.add('    </Period>')

    def close(self):
        if self.open:
            self.add('  </Series>')
            self.open = False

    def write(self, name):
        self.close()
        if not name.startswith("valid"):
            self.lines[self.mrid_line - 1] = self.lines[self.mrid_line - 1].replace(
                "</mRID>", "-" + name + "</mRID>")
        self.add('</%s>' % ROOT)
        with open(os.path.join(OUT, name + ".xml"), "w") as f:
            f.write("\n".join(self.lines) + "\n")
        with open(os.path.join(OUT, name + ".expect"), "w") as f:
            for e in self.expect:
                f.write(e + "\n")


def base(d):
    d.series("EDA_FLEX_NORD")
    d.period("2026-01-12T17:00Z", "2026-01-12T17:30Z",
             [(1, 120), (2, 180), (3, 240), (4, 240), (5, 180), (6, 60)])
    d.period("2026-01-14T08:00Z", "2026-01-14T08:15Z", [(1, -50), (3, -20)])
    d.series("EDA_FLEX_SUD")
    d.period("2026-01-09T23:00Z", "2026-01-09T23:10Z", [(1, 10), (2, 10)])
    d.period("2026-01-16T22:50Z", "2026-01-16T23:00Z", [(2, 5), (1, 5)])


d = Doc()
d.write("valid-empty")

d = Doc()
base(d)
d.write("valid")

d = Doc(week="2026-03-28")
d.series("EDA_FLEX_NORD")
d.period("2026-03-27T23:00Z", "2026-04-03T22:00Z", [(1, 1), (2004, 2)])
d.write("valid-dst-march")

d = Doc(week="2026-10-24")
d.series("EDA_FLEX_NORD")
d.period("2026-10-23T22:00Z", "2026-10-30T23:00Z", [(1, 1), (2028, 2)])
d.write("valid-dst-october")

d = Doc(week="2026-03-28")
d.series("EDA_FLEX_NORD")
d.period("2026-04-03T21:30Z", "2026-04-03T22:30Z", [(1, 1)], ["FLEX-WEEK"])
d.write("FLEX-WEEK")

d = Doc(week="2026-01-11", week_codes=["FLEX-WEEK"])  # a Sunday
base(d)
d.write("FLEX-WEEK-start")

d = Doc()
d.series("EDA_FLEX_NORD")
d.period("2026-01-12T17:00Z", "2026-02-30T17:30Z", [(1, 1)], ["FLEX-INSTANT"])
d.write("FLEX-INSTANT")

d = Doc()
d.series("EDA_FLEX_NORD")
d.period("2026-01-12T17:02Z", "2026-01-12T17:32Z", [(1, 1)], ["FLEX-GRID"])
d.write("FLEX-GRID")

d = Doc()
d.series("EDA_FLEX_NORD")
d.period("2026-01-12T17:00Z", "2026-01-12T17:33Z", [(1, 1)], ["FLEX-STEP"])
d.period("2026-01-12T18:00Z", "2026-01-12T18:00Z", [(1, 1)], ["FLEX-STEP"])
d.write("FLEX-STEP")

d = Doc()
d.series("EDA_FLEX_NORD")
d.period("2026-01-12T17:00Z", "2026-01-12T17:30Z", [(1, 1), (6, 1), (7, 1, ["FLEX-POSITION"])])
d.write("FLEX-POSITION")

d = Doc()
d.series("EDA_FLEX_NORD")
d.period("2026-01-12T17:00Z", "2026-01-12T17:30Z",
         [(1, 1), (2, 1), (1, 2, ["FLEX-POSITION-DUP"])])
d.write("FLEX-POSITION-DUP")

d = Doc()
d.series("EDA_FLEX_NORD")
d.period("2026-01-12T17:00Z", "2026-01-12T17:30Z", [(1, 1)])
d.period("2026-01-12T17:25Z", "2026-01-12T17:40Z", [(1, 1)], ["FLEX-PERIOD-OVERLAP"])
d.series("EDA_FLEX_SUD")  # another series may use the same steps
d.period("2026-01-12T17:00Z", "2026-01-12T17:30Z", [(1, 1)])
d.write("FLEX-PERIOD-OVERLAP")

d = Doc()
base(d)
d.series("EDA_FLEX_NORD", ["FLEX-EDA-DUP"])
d.period("2026-01-15T08:00Z", "2026-01-15T08:15Z", [(1, 7)])
d.write("FLEX-EDA-DUP")

d = Doc(sender=bad_eic("17X100A100A0001"))
base(d)
d.write("EIC-CHECK")

# XSD: flexibility chronicles are PT5M only.
d = Doc()
d.series("EDA_FLEX_NORD")
d.period("2026-01-12T17:00Z", "2026-01-12T17:30Z", [(1, 1)], ["XSD"], res="PT15M")
d.write("XSD")
