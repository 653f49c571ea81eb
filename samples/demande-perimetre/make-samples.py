#!/usr/bin/env python3
"""make-samples.py - regenerate samples/demande-perimetre/*.xml and their .expect files.

Each invalid sample triggers one rule and is named after its reason code; its .expect lists
the reasons it must yield, one per line as "CODE LINE". Valid samples have an empty .expect.
Run from the repository top: python3 samples/demande-perimetre/make-samples.py
Month M = 2026-01 (due by the end of Friday 16 January 2026, the Jour Ouvré preceding the last
10 Jours Ouvrés of January; on time, the changes take effect on 1 February 2026)."""
import os

OUT = os.path.dirname(os.path.abspath(__file__))
ALPHA = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"
NS, ROOT = "urn:passerelle:demande-perimetre:1", "DemandePerimetre"


def eic(first15):
    assert len(first15) == 15, first15
    s = sum(ALPHA.index(c) * (16 - i) for i, c in enumerate(first15))
    return first15 + ALPHA[36 - ((s - 1) % 37)]


def bad_eic(first15):
    good = eic(first15)
    return good[:15] + ("A" if good[15] != "A" else "B")


AA = eic("17XAGREGAT-0001")
GRD = eic("17X100A100A0001")  # Enedis
GRD2 = eic("17X100Z100Z0001")
assert GRD == "17X100A100A0001A"


class Doc:
    def __init__(self, month="2026-01"):
        self.lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<%s xmlns="%s">' % (ROOT, NS)]
        self.expect = []
        self.mrid_line = self.add('  <mRID>AA-DEMANDE-%s</mRID>' % month.replace("-", ""))
        self.add('  <revision>1</revision>')
        self.add('  <sender>%s</sender>' % AA)
        self.add('  <receiver>%s</receiver>' % GRD)
        self.add('  <createdDateTime>2026-01-12T08:00:00Z</createdDateTime>')
        self.add('  <month>%s</month>' % month)

    def add(self, line, codes=None):
        self.lines.append(line)
        for c in (codes or []):
            self.expect.append("%s %d" % (c, len(self.lines)))
        return len(self.lines)

    def row(self, codes=None, **attrs):
        s = " ".join('%s="%s"' % (k, v) for k, v in attrs.items() if v is not None)
        self.add('  <Request %s/>' % s, codes)

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
    d.row(action="add", site="30001610000001", eda="EDA_INDUS_NORD")
    d.row(action="withdraw", site="30001610000002", eda="EDA_INDUS_NORD", grd=GRD)
    d.row(action="modify", site="30001610000003", eda="EDA_INDUS_SUD", grd=GRD2)


d = Doc()
base(d)
d.write("valid")

d = Doc()
base(d)
d.row(["DEMANDE-SITE-DUP"], action="withdraw", site="30001610000001", eda="EDA_INDUS_NORD")
d.write("DEMANDE-SITE-DUP")

d = Doc()
d.row(["EIC-CHECK"], action="add", site="30001610000001", eda="EDA_INDUS_NORD",
      grd=bad_eic("17X100A100A0001"))
d.write("EIC-CHECK")

# XSD: an action that is not add, withdraw or modify.
d = Doc()
d.row(["XSD"], action="move", site="30001610000001", eda="EDA_INDUS_NORD")
d.write("XSD")
