#!/usr/bin/env python3
"""make-samples.py - regenerate samples/perimetre/*.xml and their .expect files.

Each invalid sample triggers one rule and is named after its reason code (a suffix tells
variants apart); its .expect lists the reasons it must yield, one per line as "CODE LINE".
Valid samples have an empty .expect. Run from the repository top:
python3 samples/perimetre/make-samples.py
Notices for effectiveMonth 2026-04, i.e. month M = 2026-03 (due by the end of 24 March 2026)."""
import os

OUT = os.path.dirname(os.path.abspath(__file__))
ALPHA = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"


def eic(first15):
    assert len(first15) == 15, first15
    s = sum(ALPHA.index(c) * (16 - i) for i, c in enumerate(first15))
    return first15 + ALPHA[36 - ((s - 1) % 37)]


def bad_eic(first15):
    good = eic(first15)
    return good[:15] + ("A" if good[15] != "A" else "B")


GRD = eic("17X100A100A0001")  # Enedis
RTE = eic("10XFR-RTE------")
AA1 = eic("17XAGREGAT-0001")
AA2 = eic("17XFLEXIBLE-002")
RE1 = eic("17XRESPEQUIL001")
RE2 = eic("17XRESPEQUIL002")
SUP = eic("17XFOURNISSEUR1")
assert GRD == "17X100A100A0001A" and RTE == "10XFR-RTE------Q"


class Doc:
    def __init__(self, kind="soutirage", month="2026-04", sender=GRD):
        self.lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                      '<NotificationPerimetre xmlns="urn:passerelle:perimetre:1">']
        self.expect = []
        self.mrid_line = self.add('  <mRID>GRD-PERIM-%s-%s</mRID>' % (kind[:3].upper(),
                                                                      month.replace("-", "")))
        self.add('  <revision>1</revision>')
        self.add('  <sender>%s</sender>' % sender)
        self.add('  <receiver>%s</receiver>' % RTE)
        self.add('  <createdDateTime>2026-03-20T08:00:00Z</createdDateTime>')
        self.add('  <effectiveMonth>%s</effectiveMonth>' % month)
        self.add('  <kind>%s</kind>' % kind)

    def add(self, line, codes=None):
        self.lines.append(line)
        for c in (codes or []):
            self.expect.append("%s %d" % (c, len(self.lines)))
        return len(self.lines)

    def site(self, codes=None, **attrs):
        order = ["ref", "eda", "aa", "segment", "nature", "re", "supplier", "capacityKW",
                 "edp", "bareme", "subscribedPowerKVA", "category", "ede", "measureOrigin",
                 "measureObject", "curveType", "contract"]
        s = " ".join('%s="%s"' % (k, attrs[k]) for k in order if attrs.get(k) is not None)
        self.add('  <Site %s/>' % s, codes)

    def write(self, name):
        if not name.startswith("valid"):
            self.lines[self.mrid_line - 1] = self.lines[self.mrid_line - 1].replace(
                "</mRID>", "-" + name + "</mRID>")
        self.add('</NotificationPerimetre>')
        with open(os.path.join(OUT, name + ".xml"), "w") as f:
            f.write("\n".join(self.lines) + "\n")
        with open(os.path.join(OUT, name + ".expect"), "w") as f:
            for e in self.expect:
                f.write(e + "\n")


def sout(ref, eda="EDA_SOUT_TLR_01", aa=AA1, segment="BTSUP36", curve="telereleve", **kw):
    a = dict(ref=ref, eda=eda, aa=aa, segment=segment, re=RE1, supplier=SUP,
             capacityKW="120.5", bareme="BAREME-2026-HP", subscribedPowerKVA="250",
             category="Report", measureOrigin="GRD", measureObject="compteur",
             curveType=curve, contract="CARD")
    a.update(kw)
    return a


def inj(ref, eda="EDA_PV_SUD", aa=AA1, segment="HTA", nature="injection", **kw):
    a = dict(ref=ref, eda=eda, aa=aa, segment=segment, nature=nature, re=RE2,
             capacityKW="3000")
    a.update(kw)
    return a


# Valid: a withdrawal notice (telemetered and profiled EDAs of two AAs), then an injection one.
d = Doc()
d.site(**sout("30001610000001", ede="EDE_NORD_01"))
d.site(**sout("30001610000002", capacityKW="80", subscribedPowerKVA="120.75",
              measureOrigin="AA", measureObject="voies-effacables", contract="CU"))
d.site(**sout("30001610000003", eda="EDA_SOUT_PROF_01", aa=AA2, segment="BTINF36",
              curve="profile", capacityKW="3.2", subscribedPowerKVA="9", contract="CU",
              category="Diffus"))
d.site(**sout("30001610000004", eda="EDA_SOUT_PROF_01", aa=AA2, segment="BTINF36",
              curve="profile", capacityKW="2", subscribedPowerKVA="6", contract="CI",
              category="Diffus"))
d.write("valid")

d = Doc(kind="injection")
d.site(**inj("30001620000001", edp="EDP_PV_SUD_1"))
d.site(**inj("30001620000002", segment="BTSUP36", capacityKW="250.25", edp="EDP_PV_SUD_1"))
d.site(**inj("30001620000003", eda="EDA_STOCK_01", aa=AA2, nature="stockage",
             capacityKW="1000"))
d.write("valid-injection")

# An empty withdrawal notice is sent even without change: no site at all is valid.
d = Doc(month="2026-05")
d.write("valid-empty")

# PERIM-ATTR: a withdrawal site without its supplier and curve type.
d = Doc()
d.site(**sout("30001610000001"))
d.site(codes=["PERIM-ATTR"], **sout("30001610000002", supplier=None, curveType=None))
d.write("PERIM-ATTR")

# PERIM-ATTR: injection-only attributes on a withdrawal site, and the other way round.
d = Doc()
d.site(codes=["PERIM-ATTR"], **sout("30001610000001", nature="injection"))
d.write("PERIM-ATTR-kind")
d = Doc(kind="injection")
d.site(codes=["PERIM-ATTR"], **inj("30001620000001", supplier=SUP))
d.site(codes=["PERIM-ATTR"], **inj("30001620000002", nature=None))
d.write("PERIM-ATTR-injection")

d = Doc()
d.site(**sout("30001610000001"))
d.site(**sout("30001610000002"))
d.site(codes=["PERIM-SITE-DUP"], **sout("30001610000001", eda="EDA_SOUT_TLR_02"))
d.write("PERIM-SITE-DUP")

d = Doc()
d.site(**sout("30001610000001"))
d.site(codes=["PERIM-EDA-KIND"], **sout("30001610000002", curve="profile",
                                        segment="BTINF36"))
d.write("PERIM-EDA-KIND")
d = Doc(kind="injection")
d.site(**inj("30001620000001"))
d.site(codes=["PERIM-EDA-KIND"], **inj("30001620000002", nature="stockage"))
d.write("PERIM-EDA-KIND-injection")

d = Doc()
d.site(**sout("30001610000001"))
d.site(**sout("30001610000002", eda="EDA_SOUT_TLR_02", aa=AA2))
d.site(codes=["PERIM-EDA-AA"], **sout("30001610000003", aa=AA2))
d.write("PERIM-EDA-AA")

# EIC-CHECK on the sender, and on a site's @aa, @re and @supplier.
d = Doc(sender=bad_eic("17X100A100A0001"))
d.expect.append("EIC-CHECK 5")
d.site(codes=["EIC-CHECK"] * 3,
       **sout("30001610000001", aa=bad_eic("17XAGREGAT-0001"), re=bad_eic("17XRESPEQUIL001"),
              supplier=bad_eic("17XFOURNISSEUR1")))
d.write("EIC-CHECK")

# XSD: a negative capacity (the schema wants a non-negative decimal), at the line of its Site.
d = Doc()
d.site(codes=["XSD"], **sout("30001610000001", capacityKW="-5"))
d.write("XSD")

# XSD: a word outside an enumeration.
d = Doc()
d.site(codes=["XSD"], **sout("30001610000001", measureObject="fil-pilote"))
d.write("XSD-enum")
