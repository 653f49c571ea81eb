#!/usr/bin/env python3
"""make-samples.py - the CSV samples of the perimeter notice (perimetre), derived from
valid.csv and valid-injection.csv, the canonical CSV forms of samples/perimetre/valid*.xml
(`passerelle convert samples/perimetre/valid.xml samples/perimetre-csv/valid.csv`, the same for
valid-injection and valid-empty). Run from this folder."""


def load(name):
    lines = open(name + ".csv", encoding="utf-8").read().split("\n")[:-1]
    return lines[0], lines[1], lines[2:]


def write(name, text, expect, newline="\n", bom=False):
    with open(name + ".csv", "w", encoding="utf-8", newline="") as f:
        f.write(("\ufeff" if bom else "") + newline.join(text) + newline)
    with open(name + ".expect", "w") as f:
        f.write(expect)


head, cols, rows = load("valid")
ihead, icols, irows = load("valid-injection")
names = cols.split(";")

# A spreadsheet's injection notice: BOM, CRLF, only the columns of the kind, in another
# order, a decimal comma.
keep = ["capacityKW", "ref", "eda", "aa", "segment", "nature", "re", "edp"]
sheet = [";".join(keep)]
for r in irows:
    c = dict(zip(names, r.split(";")))
    c["capacityKW"] = c["capacityKW"].replace(".", ",")
    sheet.append(";".join(c[k] for k in keep))
write("valid-spreadsheet", [ihead] + sheet, "", newline="\r\n", bom=True)


def cell(row, name, value):
    c = row.split(";")
    c[names.index(name)] = value
    return ";".join(c)


# Values the schema refuses: a 13-digit ref, a segment not in the list, 7 fraction digits.
bad = list(rows)
bad[0] = cell(bad[0], "ref", "3000161000001")
bad[1] = cell(bad[1], "segment", "BT")
bad[2] = cell(bad[2], "capacityKW", "3,2000001")
write("XSD", [head, cols] + bad, "XSD 3\nXSD 4\nXSD 5\n")

# A soutirage site without its supplier (an attribute of the kind).
a = list(rows)
a[1] = cell(a[1], "supplier", "")
write("PERIM-ATTR", [head, cols] + a, "PERIM-ATTR 4\n")

# A site twice.
write("PERIM-SITE-DUP", [head, cols] + rows + [rows[0]], "PERIM-SITE-DUP 7\n")

# The header without its kind.
write("CSV-HEADER", [head.rsplit(";", 1)[0], cols] + rows, "CSV-HEADER 1\n")
