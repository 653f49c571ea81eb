#!/usr/bin/env python3
"""make-samples.py - regenerate samples/contestation/*.xml and their .expect files.

Each invalid sample triggers one rule and is named after its reason code; its .expect lists
the reasons it must yield, one per line as "CODE LINE". Valid samples have an empty .expect.
Run from the repository top: python3 samples/contestation/make-samples.py
The aggregator disputes steps of the GRD's curves of the week starting Saturday 2026-01-10
(document GRD-CDC-20260110, revision 1): period 2026-01-10; no deadline in the document (the
daemon takes it from the GRD's sending)."""
import os

OUT = os.path.dirname(os.path.abspath(__file__))
ALPHA = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"
NS, ROOT = "urn:passerelle:contestation:1", "Contestation"


def eic(first15):
    assert len(first15) == 15, first15
    s = sum(ALPHA.index(c) * (16 - i) for i, c in enumerate(first15))
    return first15 + ALPHA[36 - ((s - 1) % 37)]


def bad_eic(first15):
    good = eic(first15)
    return good[:15] + ("A" if good[15] != "A" else "B")


AA = eic("17XAGREGAT-0001")
GRD = eic("17X100A100A0001")  # Enedis
assert GRD == "17X100A100A0001A"


class Doc:
    def __init__(self, receiver=GRD):
        self.lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<%s xmlns="%s">' % (ROOT, NS)]
        self.expect = []
        self.mrid_line = self.add('  <mRID>AA-CONTEST-20260110</mRID>')
        self.add('  <revision>1</revision>')
        self.add('  <sender>%s</sender>' % AA)
        self.add('  <receiver>%s</receiver>' % receiver,
                 ["EIC-CHECK"] if receiver != GRD else None)
        self.add('  <createdDateTime>2026-01-23T15:00:00Z</createdDateTime>')
        self.add('  <contested mRID="GRD-CDC-20260110" revision="1"/>')

    def add(self, line, codes=None):
        self.lines.append(line)
        for c in (codes or []):
            self.expect.append("%s %d" % (c, len(self.lines)))
        return len(self.lines)

    def site(self, ref, steps, reason=None, codes=None):
        """steps: list of (start, end[, codes])"""
        self.add('  <Site ref="%s">' % ref, codes)
        for s in steps:
            self.add('    <Steps start="%s" end="%s"/>' % (s[0], s[1]),
                     s[2] if len(s) > 2 else None)
        if reason is not None:
            self.add('    <reason>%s</reason>' % reason)
        self.add('  </Site>')

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


def base(d):
    d.site("30001610000001", [("2026-01-12T06:00Z", "2026-01-12T06:30Z"),
                              ("2026-01-12T06:30Z", "2026-01-12T07:00Z"),
                              ("2026-01-13T17:15Z", "2026-01-13T17:20Z")],
           "Compteur en défaut : valeurs nulles pendant l'activation du 12 janvier")
    d.site("30001610000002", [("2026-01-12T06:00Z", "2026-01-12T06:15Z")])


d = Doc()
base(d)
d.write("valid")

d = Doc()
d.site("30001610000001", [("2026-01-12T06:00Z", "2026-01-12T06:30Z"),
                          ("2026-01-12T06:00Z", "2026-01-12T24:00Z", ["CONTEST-INSTANT"])])
d.write("CONTEST-INSTANT")

d = Doc()
d.site("30001610000001", [("2026-01-12T06:00Z", "2026-01-12T06:32Z", ["CONTEST-GRID"])])
d.write("CONTEST-GRID")

d = Doc()
d.site("30001610000001", [("2026-01-12T06:30Z", "2026-01-12T06:00Z", ["CONTEST-STEPS"])])
d.write("CONTEST-STEPS")

d = Doc()
d.site("30001610000001", [("2026-01-12T06:00Z", "2026-01-12T07:00Z"),
                          ("2026-01-12T06:55Z", "2026-01-12T07:10Z", ["CONTEST-OVERLAP"]),
                          ("2026-01-12T05:00Z", "2026-01-12T05:10Z", ["CONTEST-OVERLAP"])])
d.site("30001610000002", [("2026-01-12T06:00Z", "2026-01-12T07:00Z")])  # another site: fine
d.write("CONTEST-OVERLAP")

d = Doc()
base(d)
d.site("30001610000001", [("2026-01-14T06:00Z", "2026-01-14T06:30Z")], None,
       ["CONTEST-SITE-DUP"])
d.write("CONTEST-SITE-DUP")

d = Doc(receiver=bad_eic("17X100A100A0001"))
base(d)
d.write("EIC-CHECK")

# XSD: a site without any disputed steps.
d = Doc()
d.add('  <Site ref="30001610000001">')
d.add('    <reason>tout</reason>', ["XSD"])
d.add('  </Site>')
d.write("XSD")
