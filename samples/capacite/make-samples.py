#!/usr/bin/env python3
"""make-samples.py - regenerate samples/capacite/*.xml and their .expect files.

Each invalid sample triggers one rule and is named after its reason code; its .expect lists
the reasons it must yield, one per line as "CODE LINE". Valid samples have an empty .expect.
Run from the repository top: python3 samples/capacite/make-samples.py
effectiveMonth 2026-06: the update of month M = 2026-05, due by the end of Wednesday 13 May
2026 (the Jour Ouvré preceding the last 10 Jours Ouvrés of May; 14 and 25 May are holidays)."""
import os

OUT = os.path.dirname(os.path.abspath(__file__))
ALPHA = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"
NS, ROOT = "urn:passerelle:capacite:1", "CapaciteAjustement"


def eic(first15):
    assert len(first15) == 15, first15
    s = sum(ALPHA.index(c) * (16 - i) for i, c in enumerate(first15))
    return first15 + ALPHA[36 - ((s - 1) % 37)]


def bad_eic(first15):
    good = eic(first15)
    return good[:15] + ("A" if good[15] != "A" else "B")


AA = eic("17XAGREGAT-0001")
RTE = eic("10XFR-RTE------")
assert RTE == "10XFR-RTE------Q"


class Doc:
    def __init__(self, month="2026-06", sender=AA):
        self.lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<%s xmlns="%s">' % (ROOT, NS)]
        self.expect = []
        self.mrid_line = self.add('  <mRID>AA-CAPA-%s</mRID>' % month.replace("-", ""))
        self.add('  <revision>1</revision>')
        self.add('  <sender>%s</sender>' % sender, ["EIC-CHECK"] if sender != AA else None)
        self.add('  <receiver>%s</receiver>' % RTE)
        self.add('  <createdDateTime>2026-05-04T08:00:00Z</createdDateTime>')
        self.add('  <effectiveMonth>%s</effectiveMonth>' % month)

    def add(self, line, codes=None):
        self.lines.append(line)
        for c in (codes or []):
            self.expect.append("%s %d" % (c, len(self.lines)))
        return len(self.lines)

    def row(self, codes=None, **attrs):
        s = " ".join('%s="%s"' % (k, v) for k, v in attrs.items() if v is not None)
        self.add('  <EDA %s/>' % s, codes)

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
    d.row(id="EDA_INDUS_NORD", capacityKW="12000")
    d.row(id="EDA_INDUS_SUD", capacityKW="850.5")
    d.row(id="EDA_PV", capacityKW="0")


d = Doc()
base(d)
d.write("valid")

d = Doc()
base(d)
d.row(["CAPA-EDA-DUP"], id="EDA_INDUS_SUD", capacityKW="900")
d.write("CAPA-EDA-DUP")

d = Doc(sender=bad_eic("17XAGREGAT-0001"))
base(d)
d.write("EIC-CHECK")

# XSD: a capacity is never negative.
d = Doc()
d.row(["XSD"], id="EDA_INDUS_NORD", capacityKW="-5")
d.write("XSD")
