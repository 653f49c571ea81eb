#!/usr/bin/env python3
"""make-samples.py - regenerate samples/grd-list/*.xml and their .expect files.

Each invalid sample triggers one rule and is named after its reason code; its .expect lists
the reasons it must yield, one per line as "CODE LINE". Valid samples have an empty .expect.
Run from the repository top: python3 samples/grd-list/make-samples.py
Month M = 2026-01: sent with the perimeter change request of January, so due with it, by the
end of Friday 16 January 2026."""
import os

OUT = os.path.dirname(os.path.abspath(__file__))
ALPHA = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"
NS, ROOT = "urn:passerelle:grd-list:1", "ListeGRD"


def eic(first15):
    assert len(first15) == 15, first15
    s = sum(ALPHA.index(c) * (16 - i) for i, c in enumerate(first15))
    return first15 + ALPHA[36 - ((s - 1) % 37)]


def bad_eic(first15):
    good = eic(first15)
    return good[:15] + ("A" if good[15] != "A" else "B")


AA = eic("17XAGREGAT-0001")
RTE = eic("10XFR-RTE------")
GRD1 = eic("17X100A100A0001")  # Enedis
GRD2 = eic("17X100Z100Z0001")
GRD3 = eic("17XGEDIA-DREUX1")
assert GRD1 == "17X100A100A0001A" and RTE == "10XFR-RTE------Q"


class Doc:
    def __init__(self, month="2026-01"):
        self.lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<%s xmlns="%s">' % (ROOT, NS)]
        self.expect = []
        self.mrid_line = self.add('  <mRID>AA-GRDLIST-%s</mRID>' % month.replace("-", ""))
        self.add('  <revision>1</revision>')
        self.add('  <sender>%s</sender>' % AA)
        self.add('  <receiver>%s</receiver>' % RTE)
        self.add('  <createdDateTime>2026-01-12T08:00:00Z</createdDateTime>')
        self.add('  <month>%s</month>' % month)

    def add(self, line, codes=None):
        self.lines.append(line)
        for c in (codes or []):
            self.expect.append("%s %d" % (c, len(self.lines)))
        return len(self.lines)

    def eda(self, ident, grds, codes=None):
        """grds: list of EIC, or (EIC, codes)"""
        self.add('  <EDA id="%s">' % ident, codes)
        for g in grds:
            g, c = (g, None) if isinstance(g, str) else g
            self.add('    <GRD eic="%s"/>' % g, c)
        self.add('  </EDA>')

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
    d.eda("EDA_INDUS_NORD", [GRD1, GRD2])
    d.eda("EDA_INDUS_SUD", [GRD1])
    d.eda("EDA_PV", [GRD3, GRD1])  # a GRD may serve several EDAs


d = Doc()
base(d)
d.write("valid")

d = Doc()
base(d)
d.eda("EDA_INDUS_SUD", [GRD2], ["GRDLIST-EDA-DUP"])
d.write("GRDLIST-EDA-DUP")

d = Doc()
d.eda("EDA_INDUS_NORD", [GRD1, GRD2, (GRD1, ["GRDLIST-GRD-DUP"])])
d.eda("EDA_INDUS_SUD", [GRD1])
d.write("GRDLIST-GRD-DUP")

d = Doc()
d.eda("EDA_INDUS_NORD", [GRD1, (bad_eic("17X100Z100Z0001"), ["EIC-CHECK"])])
d.write("EIC-CHECK")

# XSD: an EDA with no GRD.
d = Doc()
d.add('  <EDA id="EDA_INDUS_NORD">', ["XSD"])
d.add('  </EDA>')
d.write("XSD")
