#!/usr/bin/env python3
"""make-samples.py - regenerate samples/eif-activations/*.xml and their .expect files.

Each invalid sample triggers one rule and is named after its reason code; its .expect lists
the reasons it must yield, one per line as "CODE LINE". Valid samples have an empty .expect.
Run from the repository top: python3 samples/eif-activations/make-samples.py
Week S starts Saturday 2026-01-10 (UTC 2026-01-09T23:00Z to 2026-01-16T23:00Z): due Friday
23 January 2026 12:00. valid-dst-march: the week of 28 March 2026 (167 hours, ends at
2026-04-03T22:00Z)."""
import os

OUT = os.path.dirname(os.path.abspath(__file__))
ALPHA = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"
NS, ROOT = "urn:passerelle:eif-activations:1", "ActivationsEIF"


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
        self.mrid_line = self.add('  <mRID>GRD-EIFACT-%s</mRID>' % week.replace("-", ""))
        self.add('  <revision>1</revision>')
        self.add('  <sender>%s</sender>' % sender, ["EIC-CHECK"] if sender != GRD else None)
        self.add('  <receiver>%s</receiver>' % RTE)
        self.add('  <createdDateTime>2026-01-19T08:00:00Z</createdDateTime>')
        self.add('  <week start="%s"/>' % week, week_codes)

    def add(self, line, codes=None):
        self.lines.append(line)
        for c in (codes or []):
            self.expect.append("%s %d" % (c, len(self.lines)))
        return len(self.lines)

    def act(self, codes=None, **attrs):
        s = " ".join('%s="%s"' % (k, v) for k, v in attrs.items() if v is not None)
        self.add('  <Activation %s/>' % s, codes)

    def write(self, name):
        if not name.startswith("valid"):
            self.lines[self.mrid_line - 1] = self.lines[self.mrid_line - 1].replace(
                "</mRID>", "-" + name + "</mRID>")
        self.add('</%s>' % ROOT)
        with open(os.path.join(OUT, name + ".xml"), "w") as f:
            f.write("\n".join(self.lines) + "\n")
        with open(os.path.join(OUT, name + ".expect"), "w") as f:
            for e in self.expect:
                f.write(e + "\n")


def two(d):
    d.act(offer="Tempo", eda="EDA_SOUT_PROF_01", notice="PT120M",
          start="2026-01-12T06:00Z", end="2026-01-12T08:00Z")
    d.act(offer="EJP Heures Mobiles", eda="EDA_SOUT_TLR_01", notice="30",
          start="2026-01-14T16:00Z", end="2026-01-14T19:30Z")


d = Doc()
d.write("valid-empty")

d = Doc()
two(d)
# the whole week, first minute to last
d.act(offer="Tempo", eda="EDA_SOUT_PROF_01", notice="PT1440M",
      start="2026-01-09T23:00Z", end="2026-01-16T23:00Z")
d.write("valid")

# The March week is an hour short: it ends at 22:00Z, not 23:00Z.
d = Doc(week="2026-03-28")
d.act(offer="Tempo", eda="EDA_SOUT_PROF_01", notice="PT60M",
      start="2026-04-03T20:00Z", end="2026-04-03T22:00Z")
d.write("valid-dst-march")

d = Doc(week="2026-03-28")
d.act(["EIFACT-WEEK"], offer="Tempo", eda="EDA_SOUT_PROF_01", notice="PT60M",
      start="2026-04-03T21:00Z", end="2026-04-03T23:00Z")
d.write("EIFACT-WEEK")

d = Doc(week="2026-01-12", week_codes=["EIFACT-WEEK"])  # a Monday
two(d)
d.write("EIFACT-WEEK-start")

d = Doc()
d.act(["EIFACT-INSTANT"], offer="Tempo", eda="EDA_SOUT_PROF_01", notice="PT60M",
      start="2026-01-12T06:00Z", end="2026-01-12T24:00Z")
d.write("EIFACT-INSTANT")

d = Doc()
two(d)
d.act(["EIFACT-ORDER"], offer="Tempo", eda="EDA_SOUT_PROF_01", notice="PT60M",
      start="2026-01-13T08:00Z", end="2026-01-13T08:00Z")
d.write("EIFACT-ORDER")

d = Doc(sender=bad_eic("17X100A100A0001"))
two(d)
d.write("EIC-CHECK")

# XSD: a notice time in hours is not PT..M nor minutes.
d = Doc()
d.act(["XSD"], offer="Tempo", eda="EDA_SOUT_PROF_01", notice="PT2H",
      start="2026-01-12T06:00Z", end="2026-01-12T08:00Z")
d.write("XSD")
