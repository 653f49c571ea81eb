#!/usr/bin/env python3
"""make-list-csv.py - the CSV samples of the flat list flows (facteur-impact, eif-sites,
sites-j1, demande-perimetre, capacite, eif-activations, grd-list) in samples/<flow>-csv/, derived from valid.csv, the
canonical CSV form of samples/<flow>/valid.xml (`passerelle convert samples/<flow>/valid.xml
samples/<flow>-csv/valid.csv`; valid-empty.csv likewise where the flow has one). Run from the
samples folder."""

DUP = {  # the code of a repeated row, at its line (the third row is a copy of the first)
    "facteur-impact": "IMPACT-DUP",
    "eif-sites": "EIF-SITE-DUP",
    "sites-j1": "J1-SITE-DUP",
    "demande-perimetre": "DEMANDE-SITE-DUP",
    "capacite": "CAPA-EDA-DUP",
    # the first row again: a second block for its EDA, naming a GRD the first block named
    "grd-list": ("GRDLIST-EDA-DUP", "GRDLIST-GRD-DUP"),
    "eif-activations": None,  # no rule against a repeated activation: see below
}


def write(path, text, expect, newline="\n", bom=False):
    with open(path + ".csv", "w", encoding="utf-8", newline="") as f:
        f.write(("\ufeff" if bom else "") + newline.join(text) + newline)
    with open(path + ".expect", "w") as f:
        f.write(expect)


for flow, dup in DUP.items():
    d = flow + "-csv/"
    lines = open(d + "valid.csv", encoding="utf-8").read().split("\n")[:-1]
    head, cols, rows = lines[0], lines[1], lines[2:]
    # A spreadsheet's export: BOM, CRLF, the columns in reverse order, decimal commas.
    rev = [";".join(reversed(r.split(";"))).replace(".", ",") for r in [cols] + rows]
    write(d + "valid-spreadsheet", [head] + rev, "", newline="\r\n", bom=True)
    # A first cell that no schema type of a first column accepts.
    bad = [" x y;" + rows[0].split(";", 1)[1]] + rows[1:]
    write(d + "XSD", [head, cols] + bad, "XSD 3\n")
    # The first row again at the end.
    if dup is not None:
        codes = dup if isinstance(dup, tuple) else (dup,)
        write(d + codes[0], [head, cols] + rows + [rows[0]],
              "".join("%s %d\n" % (c, 3 + len(rows)) for c in codes))
    else:
        # eif-activations: the first activation ends before it starts.
        c = rows[0].split(";")
        c[-2], c[-1] = c[-1], c[-2]
        write(d + "EIFACT-ORDER", [head, cols] + [";".join(c)] + rows[1:], "EIFACT-ORDER 3\n")
    # The header without its last field.
    write(d + "CSV-HEADER", [head.rsplit(";", 1)[0], cols] + rows, "CSV-HEADER 1\n")
