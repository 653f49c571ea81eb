#!/usr/bin/env python3
"""make-samples.py - regenerate samples/sites-j1/*.xml and their .expect files.

Each invalid sample triggers one rule and is named after its reason code; its .expect lists
the reasons it must yield, one per line as "CODE LINE". Valid samples have an empty .expect.
Run from the repository top: python3 samples/sites-j1/make-samples.py
Month M = 2026-03 (due by the end of Tuesday 24 March 2026)."""
import os

OUT = os.path.dirname(os.path.abspath(__file__))
ALPHA = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"
NS, ROOT = "urn:passerelle:sites-j1:1", "SitesTelereleves"


def eic(first15):
    assert len(first15) == 15, first15
    s = sum(ALPHA.index(c) * (16 - i) for i, c in enumerate(first15))
    return first15 + ALPHA[36 - ((s - 1) % 37)]


def bad_eic(first15):
    good = eic(first15)
    return good[:15] + ("A" if good[15] != "A" else "B")


GRD = eic("17X100A100A0001")  # Enedis
RTE = eic("10XFR-RTE------")
RE1 = eic("17XRESPEQUIL001")
RE2 = eic("17XRESPEQUIL002")
SUP1 = eic("17XFOURNISSEUR1")
SUP2 = eic("17XFOURNISSEUR2")
assert GRD == "17X100A100A0001A" and RTE == "10XFR-RTE------Q"


class Doc:
    def __init__(self, month="2026-03", sender=GRD):
        self.lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<%s xmlns="%s">' % (ROOT, NS)]
        self.expect = []
        self.mrid_line = self.add('  <mRID>GRD-J1-%s</mRID>' % month.replace("-", ""))
        self.add('  <revision>1</revision>')
        self.add('  <sender>%s</sender>' % sender)
        self.add('  <receiver>%s</receiver>' % RTE)
        self.add('  <createdDateTime>2026-03-20T08:00:00Z</createdDateTime>')
        self.add('  <month>%s</month>' % month)

    def add(self, line, codes=None):
        self.lines.append(line)
        for c in (codes or []):
            self.expect.append("%s %d" % (c, len(self.lines)))
        return len(self.lines)

    def row(self, codes=None, **attrs):
        s = " ".join('%s="%s"' % (k, v) for k, v in attrs.items() if v is not None)
        self.add('  <Site %s/>' % s, codes)

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


d = Doc()
d.write("valid-empty")

d = Doc()
d.row(ref="30001610000001", eda="EDA_SOUT_TLR_01", re=RE1, supplier=SUP1)
d.row(ref="30001610000002", eda="EDA_SOUT_TLR_01", re=RE2, supplier=SUP2)
d.row(ref="30001610000005", eda="EDA_SOUT_TLR_02", re=RE1, supplier=SUP2)
d.write("valid")

d = Doc()
d.row(ref="30001610000001", eda="EDA_SOUT_TLR_01", re=RE1, supplier=SUP1)
d.row(codes=["J1-SITE-DUP"], ref="30001610000001", eda="EDA_SOUT_TLR_02", re=RE1,
      supplier=SUP1)
d.write("J1-SITE-DUP")

d = Doc()
d.row(codes=["EIC-CHECK", "EIC-CHECK"], ref="30001610000001", eda="EDA_SOUT_TLR_01",
      re=bad_eic("17XRESPEQUIL001"), supplier=bad_eic("17XFOURNISSEUR1"))
d.write("EIC-CHECK")

# XSD: the supplier on day 1 of M is required.
d = Doc()
d.row(codes=["XSD"], ref="30001610000001", eda="EDA_SOUT_TLR_01", re=RE1)
d.write("XSD")
