#!/usr/bin/env python3
"""make-samples.py - the CSV samples of the local flexibility chronicles (flexloc), derived
from valid.csv, the canonical CSV form of samples/flexloc/valid.xml (`passerelle convert
samples/flexloc/valid.xml samples/flexloc-csv/valid.csv`; the other valid*.csv likewise). Run
from this folder."""

lines = open("valid.csv", encoding="utf-8").read().split("\n")[:-1]
head, cols, rows = lines[0], lines[1], lines[2:]


def write(name, text, expect, newline="\n", bom=False):
    with open(name + ".csv", "w", encoding="utf-8", newline="") as f:
        f.write(("\ufeff" if bom else "") + newline.join(text) + newline)
    with open(name + ".expect", "w") as f:
        f.write(expect)


def cell(row, i, value):
    c = row.split(";")
    c[i] = value
    return ";".join(c)


# A spreadsheet's export: BOM, CRLF, the columns in reverse order.
rev = [";".join(reversed(r.split(";"))) for r in [cols] + rows]
write("valid-spreadsheet", [head] + rev, "", newline="\r\n", bom=True)
# A quantity with a decimal comma (an integer has none).
write("XSD", [head, cols, cell(rows[0], 6, "12,5")] + rows[1:], "XSD 3\n")
# A position beyond its period (6 steps).
write("FLEX-POSITION", [head, cols, cell(rows[0], 5, "7")] + rows[1:], "FLEX-POSITION 3\n")
# The header without its week.
write("CSV-HEADER", [head.rsplit(";", 1)[0], cols] + rows, "CSV-HEADER 1\n")
