# Passerelle - plain GNU Makefile, no configure (see STYLE.md).
#   make                 build build/passerelle
#   make check           unit + golden + end-to-end tests (SANITIZE=1: ASan+UBSan)
#   make bench           throughput and peak memory against xmllint (prints, asserts nothing)
#   make torture         crash harness: 2000 files, 200 SIGKILLs (TORTURE_N, TORTURE_K)
#   make fuzz            libFuzzer targets (clang), each run FUZZ_SECONDS (default 60)
#   make install         PREFIX=/usr/local DESTDIR=
#   make format | format-check
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share/passerelle
MANDIR    ?= $(PREFIX)/share/man
SYSCONFDIR ?= $(PREFIX)/etc
SPOOLDIR  ?= /var/spool/passerelle
UNITDIR   ?= $(PREFIX)/lib/systemd/system
DESTDIR   ?=

PKGS      := libxml-2.0 libssh2 libarchive zlib sqlite3
CC        ?= cc
WERROR    ?= -Werror
CFLAGS    ?= -O2 -g
WARN      := -Wall -Wextra $(WERROR) -Wformat=2 -Wshadow -Wstrict-prototypes \
             -Wmissing-prototypes -Wpointer-arith -Wvla -Wcast-qual
HARDEN    := -fstack-protector-strong -D_FORTIFY_SOURCE=2
ifeq ($(SANITIZE),1)
SANFLAGS  := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
HARDEN    := -fstack-protector-strong
B         := build/san
else
SANFLAGS  :=
B         := build
endif
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))
CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(CFLAGS) $(WARN) $(HARDEN) $(SANFLAGS) -MMD -MP \
              -Igateway -Iformats $(PKG_CFLAGS) -DPSL_DATADIR='"$(DATADIR)"' \
              -DPSL_SYSCONFDIR='"$(SYSCONFDIR)"'
ALL_LDFLAGS := $(LDFLAGS) $(SANFLAGS)

LIB_SRC   := $(filter-out gateway/gw_main.c,$(wildcard gateway/*.c)) $(wildcard formats/*.c)
LIB_OBJ   := $(LIB_SRC:%.c=$(B)/obj/%.o)
MAIN_OBJ  := $(B)/obj/gateway/gw_main.o
LIB       := $(B)/libpasserelle.a
BIN       := $(B)/passerelle
TEST_SRC  := $(wildcard tests/unit/test_*.c)
TEST_BIN  := $(TEST_SRC:tests/unit/%.c=$(B)/tests/%)
TOOL_SRC  := $(wildcard tests/tools/*.c)
TOOL_BIN  := $(TOOL_SRC:tests/tools/%.c=$(B)/tools/%)

TORTURE_N ?= 2000
TORTURE_K ?= 200
FUZZ_CC   ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SAN  := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -O1 -g -Wall -Wextra -MMD -MP -Igateway -Iformats \
               $(PKG_CFLAGS) -DPSL_DATADIR='"$(DATADIR)"' -DPSL_SYSCONFDIR='"$(SYSCONFDIR)"'
FUZZ_OBJ  := $(LIB_SRC:%.c=build/fuzz/obj/%.o)
FUZZ_SRC  := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN  := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)

# Per-test extra link flags (e.g. --wrap=fsync for fault injection).
-include tests/unit/wraps.mk

.PHONY: all check check-run deps unit bench install clean format format-check demo torture \
        fuzz fuzz-build
all: $(BIN)

# check and demo first install what is missing (tests/lib/deps.sh: apt-get as root, else the
# exact apt line), then run in a sub-make so that pkg-config sees the installed packages.
deps:
	@sh tests/lib/deps.sh

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(MAIN_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(MAIN_OBJ) $(LIB) $(PKG_LIBS)

$(B)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -Itests/unit -MF $@.d -o $@ $< $(LIB) \
	    $(ALL_LDFLAGS) $(WRAP_$*) $(PKG_LIBS) $(CMOCKA_LIBS)

$(B)/tools/%: tests/tools/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MF $@.d -o $@ $< $(LIB) $(ALL_LDFLAGS) $(PKG_LIBS)

unit: $(TEST_BIN)

check: deps
	@$(MAKE) --no-print-directory check-run

check-run: $(BIN) $(TEST_BIN) $(TOOL_BIN) $(FUZZ_BIN)
	@B=$(B) sh tests/run-all.sh

bench: $(BIN) $(TOOL_BIN)
	@B=$(B) sh bench/run.sh

torture: $(BIN) $(TOOL_BIN)
	@B=$(B) sh tests/torture/torture.sh $(TORTURE_N) $(TORTURE_K)

# libFuzzer targets (tests/fuzz/fuzz_*.c): the library rebuilt by clang with ASan+UBSan and
# coverage into build/fuzz/. `make check` builds them and gives each a short seeded run
# (tests/integration/fuzz_smoke.sh); `make fuzz` runs each for FUZZ_SECONDS.
fuzz-build: $(FUZZ_BIN)

fuzz: $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do n=$${f##*/}; mkdir -p build/fuzz/corpus/$$n; \
	    echo "fuzz: $$n for $(FUZZ_SECONDS) s"; \
	    $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -artifact_prefix=build/fuzz/$$n- \
	        build/fuzz/corpus/$$n tests/fuzz/corpus/$$n || exit 1; done

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/xsd $(DESTDIR)$(SYSCONFDIR)/passerelle \
	    $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(MANDIR)/man5
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/passerelle
	install -m 0644 xsd/*.xsd $(DESTDIR)$(DATADIR)/xsd/
	install -m 0640 etc/passerelle.conf $(DESTDIR)$(SYSCONFDIR)/passerelle/passerelle.conf
	install -m 0644 etc/holidays $(DESTDIR)$(SYSCONFDIR)/passerelle/holidays 2>/dev/null || true
	install -m 0644 man/*.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 0644 man/*.5 $(DESTDIR)$(MANDIR)/man5/ 2>/dev/null || true
	install -d $(DESTDIR)$(UNITDIR)
	sed -e 's#/usr/local/bin/#$(BINDIR)/#g' -e 's#/usr/local/etc/#$(SYSCONFDIR)/#g' \
	    -e 's#/var/spool/passerelle#$(SPOOLDIR)#g' etc/passerelle.service \
	    >$(DESTDIR)$(UNITDIR)/passerelle.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/passerelle.service
	install -d -m 0750 $(DESTDIR)$(SPOOLDIR)
	for d in in work ack rejected out archive; do install -d -m 0750 $(DESTDIR)$(SPOOLDIR)/$$d; done

demo:
	@B=$(B) sh tests/lib/demo.sh

build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -c -o $@ $<

.SECONDARY: $(FUZZ_OBJ)
build/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(WERROR) $(FUZZ_SAN) -fsanitize=fuzzer -MF $@.d -o $@ $< \
	    $(FUZZ_OBJ) $(PKG_LIBS)

clean:
	rm -rf build

FMT_SRC := $(wildcard gateway/*.[ch] formats/*.[ch] tests/unit/*.[ch] tests/tools/*.c \
    tests/fuzz/*.c)
format:
	clang-format -i $(FMT_SRC)
format-check:
	clang-format --dry-run --Werror $(FMT_SRC)

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(TEST_BIN:=.d) $(TOOL_BIN:=.d) $(FUZZ_OBJ:.o=.d) \
    $(FUZZ_BIN:=.d)
