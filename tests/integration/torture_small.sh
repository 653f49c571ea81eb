#!/bin/sh
# The crash harness (tests/torture/torture.sh) at CI size: 150 files, every named crash point,
# 20 random SIGKILLs. `make torture` runs it at full size (2000 files, 200 kills).
exec sh tests/torture/torture.sh "${TORTURE_N:-150}" "${TORTURE_K:-20}"
