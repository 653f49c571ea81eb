#!/usr/bin/env python3
"""make-samples.py - the CSV samples of the keys flow (cles), derived from valid.csv, the
canonical CSV form of samples/cles/valid.xml (`passerelle convert samples/cles/valid.xml
samples/cles-csv/valid.csv`). Run from this folder."""

lines = open("valid.csv", encoding="utf-8").read().split("\n")[:-1]
head, cols, rows = lines[0], lines[1], lines[2:]


def write(name, text, expect, newline="\n", bom=False):
    with open(name + ".csv", "w", encoding="utf-8", newline="") as f:
        f.write(("\ufeff" if bom else "") + newline.join(text) + newline)
    with open(name + ".expect", "w") as f:
        f.write(expect)


def swap(row, a, b):
    c = row.split(";")
    c[a], c[b] = c[b], c[a]
    return ";".join(c)


# A spreadsheet's export: BOM, CRLF, decimal commas, value before site, no justification.
sheet = ["value;site;eda;resolution;start;end;position"]
for r in rows:
    c = r.split(";")
    sheet.append(";".join([c[7].replace(".", ","), c[6], c[0], c[2], c[3], c[4], c[5]]))
write("valid-spreadsheet", [head] + sheet, "", newline="\r\n", bom=True)

# Values the schema refuses: a 13-digit site, 13 fraction digits, a 13th month.
bad = list(rows)
bad[0] = bad[0].replace(";30001610000011;", ";3000161000001;")
bad[1] = bad[1].rsplit(";", 1)[0] + ";0.2000000000000"
write("XSD", [head.replace("month=2026-01", "month=2026-13"), cols] + bad, "XSD 1\nXSD 3\nXSD 4\n")

# Keys of a point that do not sum to 1 (decimal comma: 0,3 + 0,2 + 0,7).
s = list(rows)
s[0] = s[0].rsplit(";", 1)[0] + ";0,3"
write("CLES-SUM", [head, cols] + s, "CLES-SUM 3\n")

# The header without its month.
write("CSV-HEADER", [head.rsplit(";", 1)[0], cols] + rows, "CSV-HEADER 1\n")
