#!/usr/bin/env python3
"""make-samples.py - regenerate samples/cles/*.xml and their .expect files.

Répartition keys (urn:passerelle:cles:1). Each invalid sample triggers exactly one rule and is
named after its reason code (a suffix after the code tells variants apart); its .expect lists
the reasons it must yield, one per line as "CODE LINE" (LINE 0 when none). Valid samples have
an empty .expect; CLES-JUSTIFIED is accepted with a warning. Run from the repository top:
python3 samples/cles/make-samples.py
The EIC check characters use the ENTSO-E algorithm (as formats/fmt_ids.c)."""
import os

OUT = os.path.dirname(os.path.abspath(__file__))
ALPHA = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"


def eic(first15):
    s = sum(ALPHA.index(c) * (16 - i) for i, c in enumerate(first15))
    return first15 + ALPHA[36 - ((s - 1) % 37)]


AA = eic("17X0000000AA01G")
RTE = eic("10XFR-RTE------")
GATEWAY = eic("17X-PASSERELLE-")
assert RTE == "10XFR-RTE------Q"

S1, S2, S3 = "30001610000011", "30001610000012", "30001610000013"
# Month M = January 2026 (UTC+1): local bounds [2025-12-31T23:00Z, 2026-01-31T23:00Z).
M0, M1 = "2025-12-31T23:00Z", "2026-01-31T23:00Z"
HOUR = ("2026-01-12T08:00Z", "2026-01-12T09:00Z")  # 12 steps


class Doc:
    def __init__(self, month="2026-01", sender=AA, root="ClesDeRepartition", header=True):
        self.lines = ['<?xml version="1.0" encoding="UTF-8"?>']
        self.expect = []
        self.root = root
        if header:
            self.add('<%s xmlns="urn:passerelle:cles:1">' % root)
            self.mrid_line = self.add('  <mRID>AA-CLES-%s</mRID>' % month.replace("-", ""))
            self.add('  <revision>1</revision>')
            self.add('  <sender>%s</sender>' % sender)
            self.add('  <receiver>%s</receiver>' % RTE)
            self.add('  <createdDateTime>2026-02-10T09:00:00Z</createdDateTime>')
            self.add('  <month>%s</month>' % month)

    def add(self, line, code=None):
        self.lines.append(line)
        if code:
            self.expect.append("%s %d" % (code, len(self.lines)))
        return len(self.lines)

    def eda(self, ident, justification=None, code=None):
        j = ' justification="%s"' % justification if justification else ''
        self.add('  <EDA id="%s"%s>' % (ident, j), code)

    def end_eda(self):
        self.add('  </EDA>')

    def period(self, start, end, points, code=None, bad=None, res="PT5M"):
        """points: list of (position, [(site, value), ...]); bad: {(position, index): code}
        (index -1: the Point line itself)."""
        self.add('    <Period resolution="%s" start="%s" end="%s">' % (res, start, end), code)
        for pos, keys in points:
            self.add('      <Point position="%d">' % pos, (bad or {}).get((pos, -1)))
            for i, (site, value) in enumerate(keys):
                self.add('        <Key site="%s" value="%s"/>' % (site, value),
                         (bad or {}).get((pos, i)))
            self.add('      </Point>')
        self.add('    </Period>')

    def write(self, name, expect=None):
        if hasattr(self, "mrid_line") and not name.startswith("valid"):
            self.lines[self.mrid_line - 1] = self.lines[self.mrid_line - 1].replace(
                "</mRID>", "-" + name + "</mRID>")
        if self.root:
            self.add('</%s>' % self.root)
        with open(os.path.join(OUT, name + ".xml"), "w") as f:
            f.write("\n".join(self.lines) + "\n")
        with open(os.path.join(OUT, name + ".expect"), "w") as f:
            for e in (self.expect if expect is None else expect):
                f.write(e + "\n")


THREE = [[(S1, "0.1"), (S2, "0.2"), (S3, "0.7")],
         [(S1, "0.333333333333"), (S2, "0.333333333333"), (S3, "0.333333333334")],
         [(S3, "0.05"), (S1, "0.000000000001"), (S2, "0.949999999999")],
         [(S1, "1"), (S2, "0"), (S3, "0.0")]]
TWO = [[(S1, "0.5"), (S2, "0.5")], [(S1, "0.25"), (S2, "0.75")], [(S2, "1.000"), (S1, "0")]]


def points(n, keysets, start=1):
    return [(start + i, keysets[i % len(keysets)]) for i in range(n)]


# valid: two EDAs; the first period starts on the month's first local step, the last one ends
# on its last.
d = Doc()
d.eda("EDA_PV_SUD")
d.period(M0, "2025-12-31T23:20Z", points(4, THREE))
d.period("2026-01-12T08:00Z", "2026-01-12T09:00Z", points(12, THREE))
d.end_eda()
d.eda("EDA_EOLIEN_NORD")
d.period("2026-01-20T12:00Z", "2026-01-20T12:30Z", points(6, TWO))
d.period("2026-01-31T22:50Z", M1, points(2, TWO))
d.end_eda()
d.write("valid")

# March 2026 (summer time from the 29th): local bounds [2026-02-28T23:00Z, 2026-03-31T22:00Z).
d = Doc(month="2026-03")
d.eda("EDA_PV_SUD")
d.period("2026-02-28T23:00Z", "2026-02-28T23:10Z", points(2, THREE))
d.period("2026-03-29T00:55Z", "2026-03-29T01:05Z", points(2, THREE))
d.period("2026-03-31T21:50Z", "2026-03-31T22:00Z", points(2, THREE))
d.end_eda()
d.write("valid-march")

# Keys outside [0, 1] under a justification: accepted, one warning for the EDA.
d = Doc()
d.eda("EDA_STOCKAGE", justification="AA-JUSTIF-2026-001")
d.period(*HOUR, [(1, [(S1, "0.5"), (S2, "0.5")]), (2, [(S1, "1.2"), (S2, "-0.2")]),
                 (3, [(S1, "-0.5"), (S2, "1.5")])], bad={(2, 0): "CLES-JUSTIFIED"})
d.end_eda()
d.write("CLES-JUSTIFIED")


def one(name, pts, bounds=HOUR, pcode=None, bad=None, **kw):
    d = Doc(**kw)
    d.eda("EDA_PV_SUD")
    d.period(bounds[0], bounds[1], pts, code=pcode, bad=bad)
    d.end_eda()
    return d


GOOD = [(S1, "0.1"), (S2, "0.2"), (S3, "0.7")]

one("", [(1, GOOD), (2, [(S1, "0.1"), (S2, "0.2"), (S3, "0.700000000001")])],
    bad={(2, -1): "CLES-SUM"}).write("CLES-SUM")
third = [(S1, "0.333333333333"), (S2, "0.333333333333"), (S3, "0.333333333333")]
one("", [(1, third)], bad={(1, -1): "CLES-SUM"}).write("CLES-SUM-thirds")
one("", [(1, GOOD), (2, [(S1, "0.1"), (S2, "0.2"), ("30001610000099", "0.7")])],
    bad={(2, -1): "CLES-SITES"}).write("CLES-SITES")
one("", [(1, GOOD), (2, [(S1, "0.3"), (S3, "0.7")])],
    bad={(2, -1): "CLES-SITES"}).write("CLES-SITES-missing")
one("", [(1, [(S1, "1")]), (2, [(S1, "1")])], bad={(1, -1): "CLES-MIN-SITES"}).write(
    "CLES-MIN-SITES")
one("", [(1, GOOD), (2, [(S1, "1.2"), (S2, "-0.2"), (S3, "0")])],
    bad={(2, 0): "CLES-RANGE", (2, 1): "CLES-RANGE"}).write("CLES-RANGE")
one("", [(1, GOOD)], bounds=("2026-02-02T08:00Z", "2026-02-02T08:05Z"),
    pcode="CLES-MONTH").write("CLES-MONTH")
# 2025-12-31T22:55Z is still 31 December in Paris (23:55): outside month M.
one("", [(1, GOOD), (2, GOOD)], bounds=("2025-12-31T22:55Z", "2025-12-31T23:05Z"),
    pcode="CLES-MONTH").write("CLES-MONTH-local")
one("", [(1, GOOD)], bounds=("2026-01-12T24:00Z", "2026-01-13T00:05Z"),
    pcode="CLES-INSTANT").write("CLES-INSTANT")
one("", [(1, GOOD)], bounds=("2026-01-12T08:02Z", "2026-01-12T08:07Z"),
    pcode="CLES-GRID").write("CLES-GRID")
one("", [(1, GOOD)], bounds=("2026-01-12T09:00Z", "2026-01-12T08:00Z"),
    pcode="CLES-STEP").write("CLES-STEP")
one("", [(1, GOOD)], bounds=("2026-01-12T08:00Z", "2026-01-12T08:07Z"),
    pcode="CLES-STEP").write("CLES-STEP-whole")
one("", [(1, GOOD), (13, GOOD)], bad={(13, -1): "CLES-POSITION"}).write("CLES-POSITION")
d = one("", [(1, GOOD), (2, GOOD), (2, GOOD)])
d.write("CLES-POSITION-DUP", ["CLES-POSITION-DUP %d" % (10 + 2 * 5 + 1)])
one("", [(1, [(S1, "0.5"), (S2, "0.5")]), (2, [(S1, "0.2"), (S1, "0.3"), (S2, "0.5")])],
    bad={(2, 1): "CLES-SITE-DUP"}).write("CLES-SITE-DUP")

d = Doc()
d.eda("EDA_PV_SUD")
d.period(*HOUR, points(2, [GOOD]))
d.period("2026-01-12T08:55Z", "2026-01-12T09:05Z", points(2, [GOOD]),
         code="CLES-PERIOD-OVERLAP")
d.end_eda()
d.write("CLES-PERIOD-OVERLAP")

d = Doc()
d.eda("EDA_PV_SUD")
d.period(*HOUR, points(2, [GOOD]))
d.end_eda()
d.eda("EDA_PV_SUD", code="CLES-EDA-DUP")
d.period("2026-01-13T08:00Z", "2026-01-13T09:00Z", points(2, [GOOD]))
d.end_eda()
d.write("CLES-EDA-DUP")

one("", [(1, GOOD)], sender=AA[:15] + ("A" if AA[15] != "A" else "B")).write(
    "EIC-CHECK", ["EIC-CHECK 5"])

# The gateway's own 1/n document, sent to the gateway: valid for the schema, refused.
d = Doc(root="ClesParDefaut", sender=GATEWAY)
d.add('  <EDA id="EDA_PV_SUD" aa="%s">' % AA)
d.add('    <Period resolution="PT5M" start="2026-01-05T08:00Z" end="2026-01-05T09:00Z"/>')
d.add('    <Period resolution="PT5M" start="2026-01-06T10:00Z" end="2026-01-06T10:30Z"/>')
for s in (S1, S2, S3):
    d.add('    <Key site="%s" fraction="1/3"/>' % s)
d.add('  </EDA>')
d.write("CLES-DEFAULT", ["CLES-DEFAULT 2"])

# XSD: a decimal comma (the XML form wants '.'), at the line of its Key.
one("", [(1, GOOD), (2, [(S1, "0,1"), (S2, "0.2"), (S3, "0.7")])],
    bad={(2, 0): "XSD"}).write("XSD")
# XSD: 13 fraction digits.
one("", [(1, [(S1, "0.1000000000001"), (S2, "0.8999999999999")])],
    bad={(1, 0): "XSD", (1, 1): "XSD"}).write("XSD-fraction-digits")
