# Per-test extra link flags: fault injection with the linker (see tests/unit/test_gw_fs.c).
WRAP_test_gw_fs = -Wl,--wrap=fsync,--wrap=renameat,--wrap=write
