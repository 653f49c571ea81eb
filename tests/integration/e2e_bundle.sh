#!/bin/sh
# Sealed bundles: at the deadline the period's accepted documents are sealed into a
# deterministic tar.gz with a MANIFEST; `passerelle bundle verify` accepts it and refuses a
# modified, missing or extra member and a truncated archive.
. tests/lib/t.sh
. tests/lib/sshd.sh
. tests/lib/e2e.sh

NAMES="bundle appears at the deadline; verify ok; deterministic; modified; missing; extra; truncated"
e2e_setup
rc=$?
if [ $rc -ne 0 ] || ! command -v python3 >/dev/null 2>&1; then
    for n in $(echo "$NAMES" | tr ' ;' '_ '); do t_skip "$n" "no usable sshd or python3 (rc $rc)"; done
    t_done
fi
trap e2e_cleanup EXIT
VALID=samples/cdc/valid.xml
WEEK=$(e2e_week "$VALID")
B_NAME=cdc_$WEEK.tar.gz
BUNDLE=$SPOOL/bundles/$B_NAME

e2e_drop grd1 "$VALID"
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"
t_check "no bundle before the deadline" test ! -e "$BUNDLE"
sed 's|<mRID>[^<]*</mRID>|<mRID>BUNDLE-LATE</mRID>|' "$VALID" >"$T/late.xml"
e2e_drop grd1 "$T/late.xml"
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 14)"
t_check "bundle appears at the deadline" test -f "$BUNDLE"
t_check "bundle has its .sha256" test -f "$BUNDLE.sha256"
t_eq ".sha256 matches" "$(sha256sum "$BUNDLE" | cut -d' ' -f1)" "$(cut -d' ' -f1 "$BUNDLE.sha256")"
"$PASSERELLE" bundle verify "$BUNDLE" >"$T/v" 2>&1
t_eq "verify ok" 0 $?
tar -xzOf "$BUNDLE" MANIFEST >"$T/MANIFEST"
t_grep "MANIFEST: flow and period" "^period=$WEEK\$" "$T/MANIFEST"
t_grep "MANIFEST: one document" '^documents=1$' "$T/MANIFEST"
t_grep "MANIFEST: the late file counted" '^late_files=1$' "$T/MANIFEST"
t_grep "MANIFEST: the deadline applied" '^deadline=[0-9-]+T12:00:00\+0[12]:00$' "$T/MANIFEST"
t_grep "MANIFEST: the member with its hash and size" \
    "^$(sha256sum "$VALID" | cut -d' ' -f1)  $(wc -c <"$VALID")  grd1_" "$T/MANIFEST"
t_eq "members: the document then MANIFEST" "2|MANIFEST" "$(tar -tzf "$BUNDLE" | wc -l)|$(tar -tzf "$BUNDLE" | tail -n 1)"
t_eq "ledger records the bundle" "$B_NAME|1" "$(e2e_sql "select name||'|'||documents from bundles")"

# the same inputs give the same bytes
cp "$BUNDLE" "$T/first.tar.gz"
rm "$BUNDLE" "$BUNDLE.sha256"
e2e_sql "delete from bundles"
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 15)"
t_check "deterministic: rebuilt bundle has identical bytes" cmp "$BUNDLE" "$T/first.tar.gz"

# tampering, done with python's tarfile on a copy (no .sha256 beside the copies)
python3 - "$BUNDLE" "$T" <<'PY'
import io, sys, tarfile
src, out = sys.argv[1], sys.argv[2]
members = []
with tarfile.open(src, "r:gz") as t:
    for m in t.getmembers():
        members.append((m, t.extractfile(m).read()))
def write(name, items):
    with tarfile.open(out + "/" + name, "w:gz") as t:
        for m, data in items:
            m = tarfile.TarInfo(m.name); m.size = len(data)
            t.addfile(m, io.BytesIO(data))
doc = [x for x in members if x[0].name != "MANIFEST"]
man = [x for x in members if x[0].name == "MANIFEST"]
write("modified.tar.gz", [(doc[0][0], doc[0][1].replace(b'quantity="', b'quantity="1', 1))] + man)
write("missing.tar.gz", man)
extra = tarfile.TarInfo("extra.xml")
write("extra.tar.gz", doc + [(extra, b"<x/>")] + man)
data = open(src, "rb").read()
open(out + "/truncated.tar.gz", "wb").write(data[: len(data) // 2])
PY
for k in modified missing extra truncated; do
    "$PASSERELLE" bundle verify "$T/$k.tar.gz" >"$T/v" 2>&1
    rc=$?
    if [ $rc -eq 1 ] && grep -q FAILED "$T/v"; then t_pass "$k"; else t_fail "$k" "exit $rc: $(cat "$T/v")"; fi
done
t_grep "modified: names the member" 'modified' "$(cd "$T" && "$PASSERELLE" bundle verify modified.tar.gz >v2 2>&1; echo "$T/v2")"
t_done
