#!/bin/sh
# gzip and zip envelopes: every document inside is judged and acknowledged on its own; bombs,
# corrupt envelopes and a zip inside a zip are rejected ENVELOPE; `check` judges each document.
. tests/lib/t.sh
. tests/lib/sshd.sh
. tests/lib/e2e.sh

NAMES="gzip unpacked; gzip document delivered; zip documents judged on their own; bomb; corrupt; nested; check"
e2e_setup
rc=$?
if [ $rc -ne 0 ] || ! command -v python3 >/dev/null 2>&1; then
    for n in $(echo "$NAMES" | tr ' ;' '_ '); do t_skip "$n" "no usable sshd or python3 (rc $rc)"; done
    t_done
fi
trap e2e_cleanup EXIT
VALID=samples/cdc/valid.xml
WEEK=$(e2e_week "$VALID")
NOW() { e2e_now_for "$WEEK" 8; }
ACK=$SPOOL/ack/grd1

gzip -c "$VALID" >"$T/g.xml.gz"
# other sites than the gzip's document: a (site, step) belongs to one document (CDC-OVERLAP)
sed -e 's|<mRID>[^<]*<|<mRID>ZIP-A<|' -e 's|site="300016100000|site="300016200000|' "$VALID" >"$T/a.xml"
sed -e 's|<mRID>[^<]*<|<mRID>ZIP-B<|' -e 's|site="300016100000|site="300016300000|' "$VALID" >"$T/b.xml"
python3 - "$T" samples/cdc/CDC-STEP.xml <<'PY'
import sys, zipfile
t, bad = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(t + "/z.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.write(t + "/a.xml", "dir/a.xml")
    z.write(t + "/b.xml", "b.xml")
    z.write(bad, "bad.xml")
with zipfile.ZipFile(t + "/outer.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.write(t + "/z.zip", "inner.zip")
PY
head -c 50000000 /dev/zero | gzip -9 >"$T/bomb.xml.gz"
head -c 3000 "$T/g.xml.gz" >"$T/corrupt.xml.gz"

for f in g.xml.gz z.zip bomb.xml.gz corrupt.xml.gz outer.zip; do e2e_drop grd1 "$T/$f"; done
e2e_once PASSERELLE_NOW="$(NOW)"

t_grep "gzip unpacked" '<Reason code="UNPACKED"[^>]*>gzip unpacked into 1 document' "$ACK/g.xml.gz.ack.xml"
t_grep "gzip document acknowledged on its own" '<status>accepted</status>' "$ACK/g.xml.ack.xml"
t_eq "gzip document delivered" delivered "$(e2e_sql "select state from files where name='g.xml'")"
t_eq "gzip envelope itself not delivered" unpacked "$(e2e_sql "select state from files where name='g.xml.gz'")"
t_eq "gzip: the remote has the document, byte for byte" 1 \
    "$(for f in "$SSHD_REMOTE"/*; do cmp -s "$f" "$VALID" && echo x; done | wc -l)"
t_grep "zip unpacked" '<Reason code="UNPACKED"[^>]*>zip unpacked into 3 documents' "$ACK/z.zip.ack.xml"
t_grep "zip documents judged on their own: a" '<status>accepted</status>' "$ACK/z.z.a.xml.ack.xml"
t_grep "zip documents judged on their own: b" '<status>accepted</status>' "$ACK/z.z.b.xml.ack.xml"
t_grep "zip documents judged on their own: bad" '<Reason code="CDC-STEP"' "$ACK/z.z.bad.xml.ack.xml"
t_grep "bomb" '<Reason code="ENVELOPE"[^>]*>gzip: unpacks to more than' "$ACK/bomb.xml.gz.ack.xml"
t_grep "bomb: rejected" '<status>rejected</status>' "$ACK/bomb.xml.gz.ack.xml"
t_check "bomb: nothing unpacked" test ! -e "$ACK/bomb.xml.ack.xml"
t_grep "corrupt" '<Reason code="ENVELOPE"' "$ACK/corrupt.xml.gz.ack.xml"
t_grep "nested" '<Reason code="ENVELOPE"[^>]*>a zip inside a zip is refused' "$ACK/outer.z.inner.zip.ack.xml"

"$PASSERELLE" check "$T/z.zip" >"$T/c.txt" 2>&1
t_eq "check: a rejected document inside makes exit 1" 1 $?
t_grep "check: each document with its name" "^$T/z.zip!dir/a.xml: accepted" "$T/c.txt"
t_grep "check: the bad one" "^$T/z.zip!bad.xml: rejected" "$T/c.txt"
"$PASSERELLE" check "$T/g.xml.gz" >"$T/c.txt" 2>&1
t_eq "check: gzip exit 0" 0 $?
t_grep "check: gzip document named" "^$T/g.xml.gz!$T/g.xml: accepted" "$T/c.txt"
"$PASSERELLE" check "$T/bomb.xml.gz" >"$T/c.txt" 2>&1
t_eq "check: bomb exit 1" 1 $?
t_grep "check: bomb reason" 'error: ENVELOPE: gzip: unpacks to more than' "$T/c.txt"
t_done
