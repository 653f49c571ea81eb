#!/usr/bin/env python3
"""make-samples.py - regenerate samples/enedis/*.xml and their .expect files.

Our own Enedis R4x and R50 load-curve fixtures, in the layout of the real files (see
../shared/samples/enedis/SOURCE.md; the PRMs here are invented). Each .expect lists the reasons
the file must yield, one per line as "CODE LINE" (LINE 0 when none); files named valid-* are
accepted (possibly with warnings). Run from the repository top:
python3 samples/enedis/make-samples.py"""
import os
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

OUT = os.path.dirname(os.path.abspath(__file__))
PARIS = ZoneInfo("Europe/Paris")
UTC = timezone.utc


def local(t):
    """an aware UTC instant as Enedis writes it: local time with its offset"""
    return t.astimezone(PARIS).isoformat()


def paris(y, mo, d, h=0, mi=0):
    return datetime(y, mo, d, h, mi, tzinfo=PARIS).astimezone(UTC)


class Doc:
    def __init__(self):
        self.lines = ['<?xml version="1.0" encoding="UTF-8"?>']
        self.expect = []

    def add(self, line, code=None):
        self.lines.append(line)
        if code:
            self.expect.append("%s %d" % (code, len(self.lines)))
        return len(self.lines)

    def note(self, code, line=0):
        self.expect.append("%s %d" % (code, line))

    def write(self, name):
        with open(os.path.join(OUT, name + ".xml"), "w") as f:
            f.write("\n".join(self.lines) + "\n")
        with open(os.path.join(OUT, name + ".expect"), "w") as f:
            f.write("".join(e + "\n" for e in self.expect))


# ---------------------------------------------------------------- R4x

def r4x(prm="30001000000001", ref="71000001", created="2026-01-20T03:36:48+01:00"):
    d = Doc()
    d.add("<Courbe>")
    d.add("<Entete><Identifiant_Flux>R4x</Identifiant_Flux><Libelle_Flux>Flux de courbes de "
          "charge R4x</Libelle_Flux><Identifiant_Emetteur>ENEDIS</Identifiant_Emetteur>"
          "<Identifiant_Destinataire>2617347</Identifiant_Destinataire><Date_Creation>%s"
          "</Date_Creation><Frequence_Publication>Q</Frequence_Publication><Reference_Demande>"
          "%s</Reference_Demande><Nature_De_Courbe_Demandee>Brute</Nature_De_Courbe_Demandee>"
          "</Entete>" % (created, ref))
    d.prm_line = d.add("<Corps><Identifiant_PRM>%s</Identifiant_PRM>" % prm)
    return d


def r4x_curve(d, first, n, step=5, unit="kW", quantity="EA", value=None, stamp=local,
              code=None):
    """n points from the UTC instant `first`, every `step` minutes, stamped at their start.
    value(i) gives the Valeur_Point text, None for a point without one."""
    value = value or (lambda i: str(20 + i % 17))
    last = first + timedelta(minutes=step * n) - timedelta(seconds=1)
    line = d.add("<Donnees_Courbe><Horodatage_Debut>%s</Horodatage_Debut><Horodatage_Fin>%s"
                 "</Horodatage_Fin><Granularite>%d</Granularite><Unite_Mesure>%s</Unite_Mesure>"
                 "<Grandeur_Metier>CONS</Grandeur_Metier><Grandeur_Physique>%s"
                 "</Grandeur_Physique>" % (local(first), local(last), step, unit, quantity), code)
    lines = []
    for i in range(n):
        t = first + timedelta(minutes=step * i)
        v = value(i)
        attr = ' Valeur_Point ="%s"' % v if v is not None else ""
        lines.append(d.add('<Donnees_Point_Mesure Horodatage ="%s"%s Statut_Point ="R">'
                           '</Donnees_Point_Mesure>' % (stamp(t), attr)))
    d.add("</Donnees_Courbe>")
    return line, lines


def r4x_close(d):
    d.add("</Corps>")
    d.add("</Courbe>")


# ---------------------------------------------------------------- R50

def r50(prm="09111000000001", abo="3182891", pas=15):
    d = Doc()
    d.add('<R50 xmlns:xsi ="http://www.w3.org/2001/XMLSchema-instance">')
    d.pas_line = d.add(
        "<En_Tete_Flux><Identifiant_Flux>R50</Identifiant_Flux><Libelle_Flux>Courbes de charge "
        "des PRM du segment C5 sur abonnement</Libelle_Flux><Version_XSD>1.1.0</Version_XSD>"
        "<Identifiant_Emetteur>ERDF</Identifiant_Emetteur><Identifiant_Destinataire>2617347"
        "</Identifiant_Destinataire><Date_Creation>2026-01-19T03:00:41+01:00</Date_Creation>"
        "<Identifiant_Contrat>2617347</Identifiant_Contrat><Numero_Abonnement>%s"
        "</Numero_Abonnement>%s</En_Tete_Flux>"
        % (abo, "<Pas_Publication>%d</Pas_Publication>" % pas if pas else ""))
    d.prm_line = d.add("<PRM><Id_PRM>%s</Id_PRM>" % prm)
    return d


def r50_days(d, first_day, ndays, step=15, value=None):
    """ndays local days from first_day (a date), points stamped at the END of each step.
    value(t) gives the V text for the step ending at UTC instant t, None for no V."""
    value = value or (lambda t: str(300 + (t.hour * 60 + t.minute) % 97))
    day = first_day
    for _ in range(ndays):
        start = paris(day.year, day.month, day.day)
        nxt = day + timedelta(days=1)
        end = paris(nxt.year, nxt.month, nxt.day)
        d.add("<Donnees_Releve><Date_Releve>%s</Date_Releve><Id_Affaire>M02SXITK</Id_Affaire>"
              % day.isoformat())
        t = start + timedelta(minutes=step)
        while t <= end:
            v = value(t)
            d.add("<PDC><H>%s</H>%s<IV>0</IV></PDC>"
                  % (local(t), "<V>%s</V>" % v if v is not None else ""))
            t += timedelta(minutes=step)
        d.add("</Donnees_Releve>")
        day = nxt


def r50_close(d):
    d.add("</PRM>")
    d.add("</R50>")


def main():
    from datetime import date

    # A valid 5-minute R4x of one day, kW, with a reactive curve beside it (ignored).
    # One day of a week: the rest of week S is missing (a warning).
    d = r4x()
    r4x_curve(d, paris(2026, 1, 14), 288)
    r4x_curve(d, paris(2026, 1, 14), 12, quantity="ERI", unit="kVAr")
    r4x_close(d)
    d.note("CDC-MISSING", d.prm_line)
    d.note("ENEDIS-IGNORED")
    d.note("ENEDIS-NO-PERIMETER")
    d.write("valid-r4x-5min")

    # A valid 15-minute R50 in W covering the whole of week S (Saturday 2026-01-10).
    d = r50()
    r50_days(d, date(2026, 1, 10), 7)
    r50_close(d)
    d.note("ENEDIS-NO-PERIMETER")
    d.write("valid-r50-15min")

    # The October change: Sunday 2026-10-25 has 25 hours, 300 five-minute steps; the repeated
    # hour is written 02:00+02:00 ... then 02:00+01:00 ..., distinct UTC positions.
    d = r4x(prm="30001000000002", ref="71000002", created="2026-10-26T03:00:00+01:00")
    r4x_curve(d, paris(2026, 10, 25), 300)
    r4x_close(d)
    d.note("CDC-MISSING", d.prm_line)
    d.note("ENEDIS-NO-PERIMETER")
    d.write("valid-r4x-dst-october")

    # A missing value: three PDC without V in an otherwise complete week.
    holes = {paris(2026, 1, 12, 10, 15), paris(2026, 1, 12, 10, 30), paris(2026, 1, 15, 23, 0)}
    d = r50(prm="09111000000002", abo="3182892")
    r50_days(d, date(2026, 1, 10), 7,
             value=lambda t: None if t in holes else str(400 + t.minute))
    r50_close(d)
    d.note("CDC-MISSING", d.prm_line)
    d.note("ENEDIS-NO-PERIMETER")
    d.write("CDC-MISSING-r50")

    # A missing value in an R4x: a point without Valeur_Point.
    d = r4x(prm="30001000000003", ref="71000003")
    r4x_curve(d, paris(2026, 1, 14), 12, value=lambda i: None if i == 5 else str(30 + i))
    r4x_close(d)
    d.note("CDC-MISSING", d.prm_line)
    d.note("ENEDIS-NO-PERIMETER")
    d.write("CDC-MISSING-r4x")

    # A 10-minute R4x: refused (2.L.2.2.1 wants 5 or 15).
    d = r4x(prm="30001000000004", ref="71000004")
    line, _ = r4x_curve(d, paris(2026, 1, 14), 144, step=10, code="ENEDIS-STEP")
    r4x_close(d)
    d.write("ENEDIS-STEP-r4x-10min")

    # A 30-minute R50: refused, at its Pas_Publication.
    d = r50(prm="09111000000003", abo="3182893", pas=30)
    r50_days(d, date(2026, 1, 14), 1, step=30)
    r50_close(d)
    d.note("ENEDIS-STEP", d.pas_line)
    d.write("ENEDIS-STEP-r50-30min")

    # Timestamps without an offset: ambiguous, refused (one reason, at the first).
    d = r4x(prm="30001000000005", ref="71000005")
    _, lines = r4x_curve(d, paris(2026, 1, 14), 24,
                         stamp=lambda t: t.astimezone(PARIS).strftime("%Y-%m-%dT%H:%M:%S"))
    r4x_close(d)
    d.note("ENEDIS-OFFSET", lines[0])
    d.write("ENEDIS-OFFSET-r4x")

    # A decimal value: refused, never rounded.
    d = r4x(prm="30001000000006", ref="71000006")
    _, lines = r4x_curve(d, paris(2026, 1, 14), 12, value=lambda i: "12.5" if i == 3 else "12")
    r4x_close(d)
    d.note("ENEDIS-VALUE", lines[3])
    d.write("ENEDIS-VALUE-r4x")

    # Only a reactive curve: nothing to carry.
    d = r4x(prm="30001000000007", ref="71000007")
    r4x_curve(d, paris(2026, 1, 14), 12, quantity="ERC", unit="kVAr")
    r4x_close(d)
    d.note("ENEDIS-NO-EA")
    d.note("ENEDIS-IGNORED")
    d.write("ENEDIS-NO-EA-r4x")

    # Two weeks in one file: week S is the first point's, the rest is outside it.
    d = r4x(prm="30001000000008", ref="71000008")
    _, lines = r4x_curve(d, paris(2026, 1, 16, 23, 0), 24)
    r4x_close(d)
    d.note("CDC-WEEK", lines[12])
    d.write("CDC-WEEK-r4x")


if __name__ == "__main__":
    main()
