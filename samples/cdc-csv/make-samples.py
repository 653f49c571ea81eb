#!/usr/bin/env python3
"""make-samples.py - regenerate samples/cdc-csv/*.csv and their .expect files.

The CSV form of the load-curve document (README "CSV forms"). valid*.csv are accepted (an
empty .expect); every other sample breaks one CSV-specific rule, or a value's type, and is
named after the reason it yields; its .expect lists "CODE LINE" per reason. valid.csv is in
the canonical layout `passerelle convert` writes (LF, no BOM, twelve columns in order).
Run from the repository top: python3 samples/cdc-csv/make-samples.py"""
import os

OUT = os.path.dirname(os.path.abspath(__file__))
GRD, RTE = "17X100A100A0001A", "10XFR-RTE------Q"
W0, W1 = "2026-01-09T23:00Z", "2026-01-16T23:00Z"
COLS = "site;eda;segment;nature;measure;unit;resolution;start;end;position;quantity;quality"


def first(name, **over):
    h = dict(mRID="GRD-CDC-CSV-" + name, revision="1", sender=GRD, receiver=RTE,
             createdDateTime="2026-01-22T06:30:00Z", week="2026-01-10")
    h.update(over)
    return "#passerelle cdc 1;" + ";".join("%s=%s" % kv for kv in h.items() if kv[1] is not None)


def q(i, base=800):
    return base + (i * 37) % 251


def rows_hta(n=2016, site="30001610000001"):
    return ["%s;EDA_INDUS_NORD;HTA;soutirage;telereleve;kW;PT5M;%s;%s;%d;%d;" % (site, W0, W1, p, q(p))
            for p in range(1, n + 1)]


def write(name, lines, expect=(), eol="\n", bom=False, raw=None):
    data = raw if raw is not None else (eol.join(lines) + eol).encode("utf-8")
    if bom:
        data = b"\xef\xbb\xbf" + data
    with open(os.path.join(OUT, name + ".csv"), "wb") as f:
        f.write(data)
    with open(os.path.join(OUT, name + ".expect"), "w") as f:
        for e in expect:
            f.write(e + "\n")


# Valid, canonical: one HTA site at PT5M and one profiled BTINF36 site at PT15M with quality R.
prof = ["30001610000003;EDA_DIFFUS;BTINF36;soutirage;profile;W;PT15M;%s;%s;%d;%d;R" % (W0, W1, p, 2000)
        for p in range(1, 673)]
write("valid", [first("valid"), COLS] + rows_hta() + prof)

# Valid as a spreadsheet writes it: BOM, CRLF, header fields in another order, columns in
# another order without quality, a quoted field, a blank padded line; complete week.
cols2 = "position;quantity;site;eda;segment;nature;measure;unit;resolution;start;end"
rows2 = ['%d;%d;30001610000002;"EDA_BTSUP";BTSUP36;injection;telereleve;W;PT5M;%s;%s' % (p, q(p, 20), W0, W1)
         for p in range(1, 2017)]
hdr2 = "#passerelle cdc 1;week=2026-01-10;createdDateTime=2026-01-22T06:30:00Z;receiver=%s;sender=%s;revision=2;mRID=GRD-CDC-CSV-valid-spreadsheet" % (RTE, GRD)
write("valid-spreadsheet", [hdr2 + ";;;", cols2] + rows2[:1000] + [";;;;;;;;;;"] + rows2[1000:],
      eol="\r\n", bom=True)

# A decimal comma in an integer column (quantity), in a BOM+CRLF file: not an integer.
r = rows_hta(4)
r[2] = r[2].replace(";3;%d;" % q(3), ";3;%d,5;" % q(3))
write("XSD-decimal-comma", [first("XSD-decimal-comma"), COLS] + r, ["XSD 5"], eol="\r\n", bom=True)

# A value outside its enumeration (segment), reported once for its Series.
r = [x.replace(";HTA;", ";HTB;") for x in rows_hta(3)]
write("XSD", [first("XSD"), COLS] + r, ["XSD 3"])

# A rule of the cdc checker, same code as the XML form: positions past the period.
r = rows_hta(3) + ["30001610000001;EDA_INDUS_NORD;HTA;soutirage;telereleve;kW;PT5M;%s;%s;2017;5;" % (W0, W1)]
write("CDC-POSITION", [first("CDC-POSITION"), COLS] + r, ["CDC-POSITION 6"])

# A line longer than 64 KiB (the eda cell): the check stops there.
r = rows_hta(3)
r[1] = r[1].replace("EDA_INDUS_NORD", "E" * 70000)
write("CSV-LINE", [first("CSV-LINE"), COLS] + r, ["CSV-LINE 4"])

# Not UTF-8 (Latin-1 bytes on line 4).
data = ("\n".join([first("CSV-UTF8"), COLS] + rows_hta(3)) + "\n").encode()
lines = data.split(b"\n")
lines[3] = lines[3].replace(b"EDA_INDUS_NORD", b"EDA_\xe9lectrique")
write("CSV-UTF8", None, ["CSV-UTF8 4"], raw=b"\n".join(lines))

# First line: an unknown header field and a missing one.
write("CSV-HEADER", [first("CSV-HEADER", createdDateTime=None) + ";colour=blue", COLS] + rows_hta(3),
      ["CSV-HEADER 1", "CSV-HEADER 1"])

# Another version of the form.
write("CSV-HEADER-version", [first("CSV-HEADER-version").replace("cdc 1", "cdc 2"), COLS] + rows_hta(3),
      ["CSV-HEADER 1"])

# Header row: a required column missing (quantity) and an unknown one.
write("CSV-COLUMN", [first("CSV-COLUMN"), COLS.replace("quantity", "qty")] + rows_hta(3),
      ["CSV-COLUMN 2", "CSV-COLUMN 2"])

# A row with one field too many, and a broken quote: each skipped, reported.
r = rows_hta(4)
r[1] = r[1] + ";extra"
r[2] = r[2].replace("EDA_INDUS_NORD", '"EDA_INDUS_NORD')
write("CSV-FIELD", [first("CSV-FIELD"), COLS] + r, ["CSV-FIELD 4", "CSV-FIELD 5"])
