#!/usr/bin/env python3
"""make-samples.py - regenerate samples/cdc/*.xml and their .expect files.

Each invalid sample triggers exactly one rule and is named after its reason code; its .expect
lists the reasons it must yield, one per line as "CODE LINE" (LINE 0 when none). Valid samples
have an empty .expect. Run from the repository top: python3 samples/cdc/make-samples.py
The EIC check characters here use the ENTSO-E algorithm (the same as formats/fmt_ids.c; the
unit tests check every sample EIC with the C function)."""
import os

OUT = os.path.dirname(os.path.abspath(__file__))
ALPHA = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"


def eic(first15):
    s = sum(ALPHA.index(c) * (16 - i) for i, c in enumerate(first15))
    return first15 + ALPHA[36 - ((s - 1) % 37)]


GRD = eic("17X100A100A0001")  # Enedis
RTE = eic("10XFR-RTE------")
assert GRD == "17X100A100A0001A" and RTE == "10XFR-RTE------Q"


class Doc:
    def __init__(self, week="2026-01-10", sender=GRD, mrid=None, header=True,
                 ns="urn:passerelle:cdc:1", root="CourbesDeCharge"):
        self.lines = ['<?xml version="1.0" encoding="UTF-8"?>']
        self.expect = []
        self.root = root
        if header:
            self.add('<%s xmlns="%s">' % (root, ns))
            # Each sample gets its own mRID (see write), so that dropping them all into one
            # inbox makes no duplicates.
            self.mrid_line = self.add('  <mRID>%s</mRID>' % (mrid or "GRD-CDC-" + week.replace("-", "")))
            self.mrid_default = mrid is None
            self.add('  <revision>1</revision>')
            self.add('  <sender>%s</sender>' % sender)
            self.add('  <receiver>%s</receiver>' % RTE)
            self.add('  <createdDateTime>2026-01-22T06:30:00Z</createdDateTime>')
            self.add('  <week start="%s"/>' % week)

    def add(self, line, code=None):
        self.lines.append(line)
        if code:
            self.expect.append("%s %d" % (code, len(self.lines)))
        return len(self.lines)

    def series(self, site, segment, nature="soutirage", measure="telereleve", unit="kW",
               eda="EDA_GRD_0001", code=None):
        self.add('  <Series site="%s" eda="%s" segment="%s" nature="%s" measure="%s" unit="%s">'
                 % (site, eda, segment, nature, measure, unit), code)

    def period(self, res, start, end, points, code=None, bad=None):
        """points: list of (position, quantity[, quality]); bad: {position: code}"""
        self.add('    <Period resolution="%s" start="%s" end="%s">' % (res, start, end), code)
        for p in points:
            q = ' quality="%s"' % p[2] if len(p) > 2 else ''
            self.add('      <Point position="%d" quantity="%s"%s/>' % (p[0], p[1], q),
                     (bad or {}).get(p[0]))
        self.add('    </Period>')

    def end_series(self):
        self.add('  </Series>')

    def write(self, name, expect=None):
        if getattr(self, "mrid_default", False) and not name.startswith("valid"):
            self.lines[self.mrid_line - 1] = self.lines[self.mrid_line - 1].replace(
                "</mRID>", "-" + name + "</mRID>")
        if self.root:
            self.add('</%s>' % self.root)
        with open(os.path.join(OUT, name + ".xml"), "w") as f:
            f.write("\n".join(self.lines) + "\n")
        with open(os.path.join(OUT, name + ".expect"), "w") as f:
            for e in (self.expect if expect is None else expect):
                f.write(e + "\n")


def curve(n, base=800, amp=300, neg=False, start=1):
    """n plausible integer values: a daily shape, deterministic."""
    out = []
    for i in range(n):
        v = base + (amp * ((i * 7919) % 97)) // 97 - amp // 2
        if neg and (i // 24) % 3 == 1:
            v = -v // 3
        out.append((start + i, v))
    return out


# Week S = Saturday 2026-01-10 (UTC+1): [2026-01-09T23:00Z, 2026-01-16T23:00Z).
W0, W1, WMID = "2026-01-09T23:00Z", "2026-01-16T23:00Z", "2026-01-13T11:00Z"

d = Doc()
d.series("30001610000001", "HTA", eda="EDA_INDUS_NORD")
d.period("PT5M", W0, W1, curve(2016, 4200, 900))
d.end_series()
d.series("30001610000002", "BTINF36", nature="injection", eda="EDA_PV_SUD")
d.period("PT15M", W0, WMID, curve(336, 6, 6))
d.period("PT15M", WMID, W1, curve(336, 6, 6))
d.end_series()
d.series("30001610000003", "BTINF36", measure="profile", unit="W", eda="EDA_DIFFUS")
d.period("PT15M", W0, W1, [(p, v * 1000, "E" if p % 96 == 0 else "R")
                           for p, v in curve(672, 2, 1)])
d.end_series()
d.write("valid")

# DST: Saturday 2026-03-28 (Sunday 29 has 23 h): 167 h, 2004 five-minute steps, 668 quarters.
d = Doc(week="2026-03-28")
d.series("30001610000004", "BTSUP36", nature="stockage", eda="EDA_STOCKAGE")
d.period("PT5M", "2026-03-27T23:00Z", "2026-04-03T22:00Z", curve(2004, 60, 200, neg=True))
d.end_series()
d.series("30001610000002", "BTINF36", nature="injection", eda="EDA_PV_SUD")
d.period("PT15M", "2026-03-27T23:00Z", "2026-04-03T22:00Z", curve(668, 6, 6))
d.end_series()
d.write("valid-dst-march")

# DST: Saturday 2026-10-24 (Sunday 25 has 25 h): 169 h, 676 quarters.
d = Doc(week="2026-10-24")
d.series("30001610000003", "BTINF36", measure="profile", unit="W", eda="EDA_DIFFUS")
d.period("PT15M", "2026-10-23T22:00Z", "2026-10-30T23:00Z",
         [(p, v * 1000) for p, v in curve(676, 2, 1)])
d.end_series()
d.write("valid-dst-october")

# CDC-MISSING: accepted with warnings, one per site.
d = Doc()
d.series("30001610000002", "BTINF36", nature="injection", eda="EDA_PV_SUD", code="CDC-MISSING")
d.period("PT15M", W0, "2026-01-10T23:00Z", [p for p in curve(96, 6, 6) if p[0] != 50])
d.end_series()
d.series("30001610000001", "HTA", eda="EDA_INDUS_NORD", code="CDC-MISSING")
d.period("PT5M", W0, "2026-01-10T00:00Z", curve(12, 4200, 900))
d.end_series()
d.write("CDC-MISSING")

HOUR = ("2026-01-12T08:00Z", "2026-01-12T09:00Z")


def one(name, segment="BTINF36", res="PT15M", bounds=HOUR, points=None, bad=None,
        pcode=None, scode=None, nature="soutirage", measure="telereleve", **kw):
    d = Doc(**kw)
    d.series("30001610000002", segment, nature=nature, measure=measure, code=scode)
    d.period(res, bounds[0], bounds[1], points or curve(4, 6, 6), code=pcode, bad=bad)
    d.end_series()
    return d


one("EIC-CHECK", sender="17X100A100A0001B").write("EIC-CHECK", ["EIC-CHECK 5"])
one("", segment="HTA", pcode="CDC-RESOLUTION").write("CDC-RESOLUTION")
one("", nature="injection", measure="profile", scode="CDC-PROFILE").write("CDC-PROFILE")
one("", points=[(1, 5), (2, -3), (3, 4), (4, 4)], bad={2: "CDC-NEGATIVE"}).write("CDC-NEGATIVE")
one("", points=[(1, 5), (2, 3, "S"), (3, 4, "R"), (4, 4)],
    bad={2: "CDC-QUALITY-S"}).write("CDC-QUALITY-S")
one("", bounds=("2026-01-16T22:00Z", "2026-01-16T23:15Z"), points=curve(5, 6, 6),
    pcode="CDC-WEEK").write("CDC-WEEK")
d = one("", week="2026-01-11")
d.write("CDC-WEEK-start", ["CDC-WEEK 8"])
one("", bounds=("2026-01-12T08:05Z", "2026-01-12T09:05Z"), pcode="CDC-GRID").write("CDC-GRID")
one("", bounds=("2026-01-12T09:00Z", "2026-01-12T08:00Z"), pcode="CDC-STEP").write("CDC-STEP")
one("", bounds=("2026-01-12T08:00Z", "2026-01-12T08:50Z"), pcode="CDC-STEP").write(
    "CDC-STEP-whole")
one("", points=[(1, 5), (2, 3), (5, 4), (4, 4)], bad={5: "CDC-POSITION"}).write("CDC-POSITION")
one("", points=[(1, 5), (2, 3), (2, 4), (4, 4)]).write("CDC-POSITION-DUP",
                                                        ["CDC-POSITION-DUP 13"])
one("", bounds=("2026-01-12T08:00Z", "2026-02-30T09:00Z"), pcode="CDC-INSTANT").write(
    "CDC-INSTANT")

d = Doc()
d.series("30001610000002", "BTINF36")
d.period("PT15M", "2026-01-12T08:00Z", "2026-01-12T09:00Z", curve(4, 6, 6))
d.period("PT15M", "2026-01-12T08:45Z", "2026-01-12T09:30Z", curve(3, 6, 6),
         code="CDC-PERIOD-OVERLAP")
d.end_series()
d.write("CDC-PERIOD-OVERLAP")

d = Doc()
d.series("30001610000002", "BTINF36")
d.period("PT15M", *HOUR, curve(4, 6, 6))
d.end_series()
d.series("30001610000002", "BTINF36", code="CDC-SITE-DUP")
d.period("PT15M", "2026-01-12T09:00Z", "2026-01-12T10:00Z", curve(4, 6, 6))
d.end_series()
d.write("CDC-SITE-DUP")

# XSD: a decimal quantity (the schema wants an integer), at the line of its Point.
one("", points=[(1, 5), (2, "3.5"), (3, 4), (4, 4)], bad={2: "XSD"}).write("XSD")

# XML: not well-formed (the </Period> is missing); libxml2 sees it at the </Series> line.
d = one("")
d.lines = [l for l in d.lines if l.strip() != "</Period>"]
d.write("XML", ["XML %d" % (d.lines.index("  </Series>") + 1)])

# XML-DTD: a billion-laughs DTD, refused before any entity is declared.
d = Doc(header=False)
d.lines += ['<!DOCTYPE CourbesDeCharge [',
            ' <!ENTITY lol "lol">',
            ' <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">',
            ' <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">',
            ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">',
            ' <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">',
            ' <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">',
            ' <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">',
            ' <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">',
            ' <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">',
            ' <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">',
            ']>',
            '<CourbesDeCharge xmlns="urn:passerelle:cdc:1"><mRID>&lol9;</mRID>',
            '</CourbesDeCharge>']
d.root = None
d.write("XML-DTD", ["XML-DTD 2"])

d = Doc(header=False, root=None)
d.lines += ['<note lang="fr">', '  <to>RTE</to>', '  <body>courbes en retard</body>', '</note>']
d.write("UNKNOWN-FLOW", ["UNKNOWN-FLOW 0"])

d = Doc(header=False, root=None)
# A document in the gateway's namespace family (urn:passerelle:<flow>:<n>) for a flow it does
# not carry: recognised, refused UNSUPPORTED-FLOW.
d.lines += ['<DocumentFutur xmlns="urn:passerelle:futur:1">',
            '  <mRID>AA-FUTUR-202602</mRID>', '  <revision>1</revision>',
            '  <sender>%s</sender>' % eic("17X0000000AA01G"[:15]),
            '  <receiver>%s</receiver>' % RTE,
            '  <createdDateTime>2026-01-10T09:00:00Z</createdDateTime>',
            '  <month>2026-02</month>', '</DocumentFutur>']
d.write("UNSUPPORTED-FLOW", ["UNSUPPORTED-FLOW 0"])

with open(os.path.join(OUT, "EMPTY.xml"), "w") as f:
    pass
with open(os.path.join(OUT, "EMPTY.expect"), "w") as f:
    f.write("EMPTY 0\n")
