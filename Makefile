# SPDX-License-Identifier: GPL-2.0-or-later
#
# tel — top-level build.
#   make            libtel (shared + static, libtel.pc), the tel tool, firmware host objects
#   make check      ASan+UBSan build; every cmocka test, fuzz-corpus replay, golden and tshark checks;
#                   then the kernel checks (make kernel-check; CHECK_KERNEL=0 leaves them out, and says so)
#                   and the Debian packages (make deb; CHECK_DEB=0 leaves them out)
#   make firmware   the Cortex-M4 card image (build/firmware/tel-fw.elf, .img), flash and RAM use
#   make demo       the main job on the simulated card in a QEMU VM (scripts/demo.sh)
#   make fuzz       libFuzzer targets with clang, FUZZ_TIME seconds each (default 60)
#   make coverage   the tests of make check in a gcov build (build/cov): line and branch
#                   coverage of libtel/ and firmware/, a table and build/cov/html/index.html
#   make bench      calls/s and instructions per call, libtel against libpri; HDLC decode
#                   Mbit/s against fasthdlc and osmo_isdnhdlc (never part of check)
#   make soak       the chaos soak (tests/soak), -O2: CALLS per seed in SEEDS (VARIANT=ni2, SOAK_ARGS)
#   make soak-libpri  the same soak with libpri as the far end
#   make install    PREFIX=/usr/local DESTDIR= (make uninstall with the same reverses it)
#   make deb        Debian packages (debian/) built from a copy of the tree and checked
#   make dahdi      DAHDI's core modules against Debian's kernel headers (build/kernel/dahdi)
#   make modules    DAHDI's core, tel_core.ko and telsim.ko, and the firmware image as
#                   tel/telcard.fw, all in build/modules/
#   make kernel-check  make modules, checkpatch and sparse over kernel/, then each
#                   tests/kernel/test_*.sh in a QEMU VM (tests/kernel/vm-run)

VERSION    := 0.1.0
SOVERSION  := 0
PREFIX     ?= /usr/local
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include

CC      ?= cc
BUILD   ?= build
SAN     ?=
DEPS    ?= 1

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wno-missing-field-initializers
CFLAGS  ?= -O2 -g
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ifeq ($(SAN),1)
# a move a state table does not declare aborts (core/fsm.h)
CFLAGS  := -O1 -g $(SANFLAGS) -DTEL_FSM_STRICT
LDFLAGS += $(SANFLAGS)
LTO     ?= 0
endif
# The library is optimised as one unit (link-time optimisation across its
# layers); the static library holds the result as one ordinary object, so a
# program linking it needs no LTO of its own. LTO=0 turns this off.
LTO     ?= 1
ifeq ($(LTO),1)
LIB_LTO := -flto=auto -fno-semantic-interposition
endif
ALL_CFLAGS := -std=gnu11 $(WARN) $(CFLAGS) -fPIC \
	      -Ilibtel/include -Ilibtel/src -Ifirmware/include \
	      -DTEL_VERSION_STRING='"$(VERSION)"' -MMD -MP

# --- sources ----------------------------------------------------------------
LIB_SRC  := $(sort $(wildcard libtel/src/*/*.c))
FW_SRC   := $(sort $(wildcard firmware/src/*.c))
TOOL_SRC := $(sort $(wildcard tools/tel/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/*/test_*.c tests/firmware/test_*.c tests/integration/test_*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
HEADERS  := $(sort $(wildcard libtel/include/libtel/*.h))
EXAMPLES := $(patsubst examples/%.c,$(BUILD)/examples/%,$(sort $(wildcard examples/*.c)))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
FW_OBJ   := $(FW_SRC:%.c=$(BUILD)/%.o)
TOOL_OBJ := $(TOOL_SRC:%.c=$(BUILD)/%.o)

LIBA     := $(BUILD)/libtel.a
LIBINT   := $(BUILD)/libtel-internal.a
LIBSO    := $(BUILD)/libtel.so.$(VERSION)
LIBSONAME := libtel.so.$(SOVERSION)
FWA      := $(BUILD)/libtelfw.a
TEL      := $(BUILD)/tel
UNIT_BIN := $(patsubst %.c,$(BUILD)/%,$(UNIT_SRC))
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRC))
REPLAY_BIN := $(FUZZ_NAMES:%=$(BUILD)/tests/fuzz/replay_%)
GOLDEN_GEN := $(BUILD)/tests/golden/gen_golden
PRI_PEER_MAIN := $(BUILD)/tests/integration/pri_peer_main

.PHONY: all check check-run demo fuzz coverage bench install clean deps soak soak-libpri
all: $(LIBA) $(LIBINT) $(LIBSO) $(BUILD)/libtel.pc $(FWA) $(TEL) $(EXAMPLES)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB_OBJ): ALL_CFLAGS += $(LIB_LTO)

# The library as one object (a partial link: with LTO, optimised across its
# layers, out comes plain code). libtel.a holds it with only the public tel_*
# symbols global (those of the version script): a program that links it
# statically may use names such as line_new or timer_init itself. The tool
# and the tests, which use the layers directly, link libtel-internal.a, the
# same object with every symbol.
ifeq ($(LTO),1)
$(BUILD)/libtel-all.o: $(LIB_OBJ)
	$(CC) $(CFLAGS) $(LIB_LTO) -flinker-output=nolto-rel -r -nostdlib -o $@ $^
else
$(BUILD)/libtel-all.o: $(LIB_OBJ)
	$(CC) $(CFLAGS) -r -nostdlib -o $@ $^
endif

$(BUILD)/libtel.syms: libtel/libtel.map
	@mkdir -p $(@D)
	sed -n 's/^[[:space:]]*\(tel_[A-Za-z0-9_]*\);$$/\1/p' $< > $@

$(BUILD)/libtel-public.o: $(BUILD)/libtel-all.o $(BUILD)/libtel.syms
	objcopy --keep-global-symbols=$(BUILD)/libtel.syms $< $@

$(LIBA): $(BUILD)/libtel-public.o
	@rm -f $@
	ar rcs $@ $^

$(LIBINT): $(BUILD)/libtel-all.o
	@rm -f $@
	ar rcs $@ $^

$(FWA): $(FW_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(LIBSO): $(LIB_OBJ) libtel/libtel.map
	$(CC) -shared -Wl,-soname,$(LIBSONAME) -Wl,--version-script=libtel/libtel.map \
		-Wl,--no-undefined $(CFLAGS) $(LIB_LTO) $(LDFLAGS) -o $@ $(LIB_OBJ)
	ln -sf libtel.so.$(VERSION) $(BUILD)/$(LIBSONAME)
	ln -sf libtel.so.$(VERSION) $(BUILD)/libtel.so

PC_SUBST = sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|; s|@VERSION@|$(VERSION)|'
$(BUILD)/libtel.pc: libtel/libtel.pc.in Makefile
	@mkdir -p $(@D)
	$(PC_SUBST) $< > $@

# The tool is an application of the library: public headers only (no
# -Ilibtel/src), linked with the static library that exports only tel_*.
TOOL_CFLAGS = -std=gnu11 $(WARN) $(CFLAGS) -Ilibtel/include -MMD -MP
$(TOOL_OBJ): $(BUILD)/tools/%.o: tools/%.c
	@mkdir -p $(@D)
	$(CC) $(TOOL_CFLAGS) -c $< -o $@

# tel fw checks images with the firmware's own code (firmware/src/image.c)
$(BUILD)/tools/tel/fw.o: TOOL_CFLAGS += -Ifirmware/include

$(TEL): $(TOOL_OBJ) $(LIBA) $(FWA)
	$(CC) $(LDFLAGS) -o $@ $(TOOL_OBJ) $(LIBA) $(FWA)

# Examples use only the public header, as an application would.
$(BUILD)/examples/%: examples/%.c $(LIBA) $(HEADERS)
	@mkdir -p $(@D)
	$(CC) -std=gnu11 $(WARN) $(CFLAGS) -Ilibtel/include $(LDFLAGS) -o $@ $< $(LIBA)

# --- tests ------------------------------------------------------------------
$(BUILD)/tests/%: tests/%.c $(LIBINT) $(FWA)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBINT) $(FWA) -lcmocka

# The decode API's test is an application: public headers only, libtel.a.
$(BUILD)/tests/unit/decode/%: tests/unit/decode/%.c $(LIBA) $(HEADERS)
	@mkdir -p $(@D)
	$(CC) -std=gnu11 $(WARN) $(CFLAGS) -Ilibtel/include $(LDFLAGS) -o $@ $< $(LIBA) -lcmocka

# The out-of-memory sweep intercepts libtel's allocations.
$(BUILD)/tests/unit/oom/test_oom: LDFLAGS += -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc

# tel's own modules (all of tools/tel but main.c) tested as the tool builds them
TOOL_LIB_OBJ = $(filter-out $(BUILD)/tools/tel/main.o,$(TOOL_OBJ))
$(BUILD)/tests/unit/tool/%: tests/unit/tool/%.c $(TOOL_LIB_OBJ) $(LIBA) $(FWA)
	@mkdir -p $(@D)
	$(CC) $(TOOL_CFLAGS) -Itools/tel $(LDFLAGS) -o $@ $< $(TOOL_LIB_OBJ) $(LIBA) $(FWA) -lcmocka

# interop tests and the CLI's peer: libpri (libpri-dev) as the far end
$(BUILD)/tests/integration/%: tests/integration/%.c tests/integration/pri_peer.c $(LIBINT)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< tests/integration/pri_peer.c $(LIBINT) -lcmocka -lpri

# libpri on a DAHDI D-channel, the far end of tests/kernel/test_tel_dahdi.sh
$(BUILD)/tests/kernel/pri_peer: tests/kernel/pri_peer.c
	@mkdir -p $(@D)
	$(CC) -std=gnu11 $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ $< -lpri

# libtel's conference over DAHDI's core, heard (test_tel_dahdi.sh)
$(BUILD)/tests/kernel/tel_dahdi_conf: tests/kernel/tel_dahdi_conf.c $(LIBA) $(HEADERS)
	@mkdir -p $(@D)
	$(CC) -std=gnu11 $(WARN) $(CFLAGS) -Ilibtel/include $(LDFLAGS) -o $@ $< $(LIBA)

$(BUILD)/tests/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIBINT) $(FWA)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(LIBINT) $(FWA)

# The soak uses only the public header, as an application would.
# SOAK_SRC is common to both; the far end is far_libtel.c (soak) or far_libpri.c (soak-libpri).
SOAK_SRC := $(addprefix tests/soak/,soak.c run.c model.c invariants.c end_checks.c records.c \
	      history.c violation.c relay.c)
SOAK_HDR := tests/soak/soak.h tests/soak/harness.h tests/soak/relay.h
SOAK_BIN := $(BUILD)/tests/soak/soak
SOAK_PRI_BIN := $(BUILD)/tests/soak/soak-libpri
SOAK_CFLAGS = -std=gnu11 $(WARN) $(CFLAGS) -Ilibtel/include
$(SOAK_BIN): $(SOAK_SRC) tests/soak/far_libtel.c $(SOAK_HDR) $(LIBA) $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(SOAK_CFLAGS) $(LDFLAGS) -o $@ $(SOAK_SRC) tests/soak/far_libtel.c $(LIBA)
# libpri's timers read gettimeofday(), which the soak replaces with its fake clock
$(SOAK_PRI_BIN): $(SOAK_SRC) tests/soak/far_libpri.c $(SOAK_HDR) $(LIBA) $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(SOAK_CFLAGS) -DSOAK_LIBPRI $(LDFLAGS) -o $@ $(SOAK_SRC) tests/soak/far_libpri.c \
		$(LIBA) -lpri

$(GOLDEN_GEN): tests/golden/gen_golden.c $(LIBINT)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBINT)

# `make check` builds everything again with sanitizers in build/san and runs it all,
# then the kernel checks (a VM that cannot run fails them, with the reason).
CHECK_KERNEL ?= 1
# the Debian packages: dpkg-buildpackage -b, lintian, installed and run (scripts/make-deb)
CHECK_DEB ?= 1
check: deps
	$(MAKE) --no-print-directory SAN=1 BUILD=build/san check-run
ifeq ($(CHECK_KERNEL),1)
	$(MAKE) --no-print-directory DEPS=0 BUILD=build SAN= kernel-check
else
	@echo "check: kernel checks NOT run (CHECK_KERNEL=$(CHECK_KERNEL)); make kernel-check runs them"
endif
ifeq ($(CHECK_DEB),1)
	$(MAKE) --no-print-directory DEPS=0 deb
else
	@echo "check: the Debian packages NOT built (CHECK_DEB=$(CHECK_DEB)); make deb builds and checks them"
endif

check-run: all $(UNIT_BIN) $(REPLAY_BIN) $(GOLDEN_GEN) $(PRI_PEER_MAIN) $(SOAK_BIN)
	BUILD=$(BUILD) tests/run-all.sh

demo: deps
	@$(MAKE) --no-print-directory -s BUILD=build SAN= all >/dev/null
	@$(MAKE) --no-print-directory -s modules >/dev/null
	@scripts/demo.sh

# `make soak CALLS=1000000 SEEDS="1 2 3"`: without sanitizers, -O2; every seed runs,
# the target fails if one did. Known library defects (tests/soak/known-defects)
# are reported but do not fail it unless SOAK_KNOWN= is given empty.
CALLS      ?= 1000000
SEEDS      ?= 1 2 3
VARIANT    ?= euroisdn
SOAK_KNOWN ?= tests/soak/known-defects
SOAK_ARGS  ?=
SOAK_RUN = fail=0; for s in $(SEEDS); do \
		$(1) --seed $$s --calls $(2) --variant $(VARIANT) \
		$(if $(SOAK_KNOWN),--known $(SOAK_KNOWN)) $(SOAK_ARGS) || fail=1; \
	done; exit $$fail
soak:
	$(MAKE) --no-print-directory SAN= BUILD=build build/tests/soak/soak
	@$(call SOAK_RUN,build/tests/soak/soak,$(CALLS))
LIBPRI_CALLS ?= 100000
soak-libpri:
	$(MAKE) --no-print-directory SAN= BUILD=build build/tests/soak/soak-libpri
	@$(call SOAK_RUN,build/tests/soak/soak-libpri,$(LIBPRI_CALLS))

deps:
	@if [ "$(DEPS)" = 1 ]; then scripts/install-deps; fi

# --- fuzzing (clang + libFuzzer) -------------------------------------------
FUZZ_TIME ?= 60
FUZZ_BUILD := build/fuzz
FUZZ_CFLAGS := -std=gnu11 -g -O1 -fsanitize=fuzzer-no-link,address,undefined -DTEL_FSM_STRICT \
	       -Ilibtel/include -Ilibtel/src -Ifirmware/include -DTEL_VERSION_STRING='"$(VERSION)"'
FUZZ_TARGETS ?= $(FUZZ_NAMES)
fuzz:
	@mkdir -p $(FUZZ_BUILD)
	@rm -f $(FUZZ_BUILD)/*.o	# objects of files since removed would be linked too
	clang $(FUZZ_CFLAGS) -c $(LIB_SRC) $(FW_SRC) && mv -f *.o $(FUZZ_BUILD)/
	@set -e; for t in $(FUZZ_TARGETS); do \
		clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $(FUZZ_BUILD)/fuzz_$$t tests/fuzz/fuzz_$$t.c $(FUZZ_BUILD)/*.o; \
	done
	@set -e; for t in $(FUZZ_TARGETS); do \
		echo "== fuzz $$t for $(FUZZ_TIME) s"; \
		mkdir -p $(FUZZ_BUILD)/new_$$t tests/fuzz/corpus/$$t; \
		$(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_BUILD)/crash_$$t- $(FUZZ_BUILD)/new_$$t tests/fuzz/corpus/$$t; \
		$(FUZZ_BUILD)/fuzz_$$t -merge=1 tests/fuzz/corpus/$$t $(FUZZ_BUILD)/new_$$t 2>/dev/null; \
	done

# --- coverage (gcov + gcovr) -------------------------------------------------
# The tests of `make check`, without sanitizers, in a separate -O0 --coverage
# build; gcovr reports line and branch coverage of libtel/ and firmware/.
# A test that fails still counts its coverage (the table says what ran).
COV_BUILD := build/cov
coverage: deps
	@# from scratch: a check of the last run (library.sh) rebuilds some of it another way
	@rm -rf $(COV_BUILD)
	@mkdir -p $(COV_BUILD)
	@# -k: what builds is measured even when something else does not
	-$(MAKE) -k --no-print-directory BUILD=$(COV_BUILD) LTO=0 SAN= \
		CFLAGS='-O0 -g --coverage' LDFLAGS='--coverage' all \
		$(patsubst $(BUILD)/%,$(COV_BUILD)/%,$(UNIT_BIN) $(REPLAY_BIN) $(GOLDEN_GEN) $(PRI_PEER_MAIN) \
		$(SOAK_BIN)) \
		> $(COV_BUILD)/build.log 2>&1 || grep -B1 -A2 'error' $(COV_BUILD)/build.log | head -20
	-BUILD=$(COV_BUILD) tests/run-all.sh > $(COV_BUILD)/tests.log 2>&1
	@grep -E '^(check:|failed:)' $(COV_BUILD)/tests.log
	@mkdir -p $(COV_BUILD)/html
	gcovr --root . --object-directory $(COV_BUILD) --filter 'libtel/' --filter 'firmware/' \
		--exclude-unreachable-branches --json $(COV_BUILD)/coverage.json \
		--html-details $(COV_BUILD)/html/index.html $(COV_BUILD)
	@gcovr --add-tracefile $(COV_BUILD)/coverage.json --txt $(COV_BUILD)/lines.txt
	@gcovr --add-tracefile $(COV_BUILD)/coverage.json --branches --txt $(COV_BUILD)/branches.txt
	@scripts/coverage-table $(COV_BUILD)/lines.txt $(COV_BUILD)/branches.txt
	@echo "coverage: HTML report in $(COV_BUILD)/html/index.html"

# Benchmarks: -O2 without sanitizers, against the shared library as installed
# (as libpri is: both pay the same PLT calls); the table of calls per second
# (ours and libpri), then instructions per call.
BENCH_BUILD := build
BENCH_BIN   := $(BENCH_BUILD)/bench/bench_calls
BENCH_TIME  ?= 3
bench:
	$(MAKE) --no-print-directory SAN= BUILD=$(BENCH_BUILD) all
	@mkdir -p $(BENCH_BUILD)/bench
	$(CC) -std=gnu11 $(WARN) -O2 -g -Ilibtel/include -o $(BENCH_BIN) bench/bench_calls.c \
		-L$(BENCH_BUILD) -ltel -lpri -Wl,-rpath,$(abspath $(BENCH_BUILD))
	$(BENCH_BIN) --time $(BENCH_TIME)
	@echo
	bench/callgrind.sh $(BENCH_BIN)
	@echo
	INFLIGHT=1000 TOP=10 bench/callgrind.sh $(BENCH_BIN)
	@echo
	BENCH_TIME=$(BENCH_TIME) bench/hdlc.sh $(BENCH_BUILD)
	@echo
	BENCH_TIME=$(BENCH_TIME) bench/e1rx.sh $(BENCH_BUILD)

# --- the Cortex-M4 image (make firmware) --------------------------------------
# firmware/src/*.c, the port (firmware/port: startup, linker script, UART,
# semihosting) and the boot self-test cross-built for QEMU's mps2-an386 into
# $(FW_BUILD)/tel-fw.elf, and tel-fw.img: the raw image behind a fw/image.h
# header, made and checked by $(BUILD)/fwimage. Fails over 64 KiB flash or
# 16 KiB RAM. FW_DEFS adds defines (tests/checks/firmware_image.sh breaks a check).
FW_CROSS  ?= arm-none-eabi-
FW_BUILD  ?= $(BUILD)/firmware
FW_DEFS   ?=
FW_LD     := firmware/port/mps2-an386.ld
FW_XOBJ   := $(patsubst firmware/%.c,$(FW_BUILD)/obj/%.o,$(FW_SRC) $(sort $(wildcard firmware/port/*.c)))
FW_XFLAGS := -std=gnu11 $(WARN) -Os -g -mcpu=cortex-m4 -mthumb -mfloat-abi=soft -ffreestanding \
	     -nostdlib -ffunction-sections -fdata-sections -fno-common -fno-tree-loop-distribute-patterns \
	     -Ifirmware/include -Ifirmware/port -DFW_VERSION_STRING='"$(VERSION)"' $(FW_DEFS) -MMD -MP
FWIMAGE   := $(BUILD)/fwimage
all: $(FWIMAGE)
.PHONY: firmware
firmware: $(FW_BUILD)/tel-fw.img
	@firmware/port/fw-size.sh $(FW_CROSS)nm $(FW_BUILD)/tel-fw.elf
$(FW_BUILD)/obj/%.o: firmware/%.c
	@command -v $(FW_CROSS)gcc >/dev/null || { echo "firmware: $(FW_CROSS)gcc not found (run scripts/install-deps)"; exit 1; }
	@mkdir -p $(@D)
	$(FW_CROSS)gcc $(FW_XFLAGS) -c $< -o $@
$(FW_BUILD)/tel-fw.elf: $(FW_XOBJ) $(FW_LD)
	$(FW_CROSS)gcc $(FW_XFLAGS) -T $(FW_LD) -Wl,--gc-sections -Wl,-Map=$(@:.elf=.map) -o $@ $(FW_XOBJ) -lgcc
$(FW_BUILD)/tel-fw.img: $(FW_BUILD)/tel-fw.elf $(FWIMAGE)
	$(FW_CROSS)objcopy -O binary $< $(@:.img=.bin)
	$(FWIMAGE) pack --version $(VERSION) --load 0x$$($(FW_CROSS)nm $< | awk '$$3 == "__flash_origin" {print $$1}') \
		$(@:.img=.bin) $@
	$(FWIMAGE) check $@
# fwimage's info and check are tel fw's (tools/tel/fw.c)
$(FWIMAGE): $(BUILD)/tools/fwimage.o $(BUILD)/tools/tel/fw.o $(BUILD)/tools/tel/json.o \
	    $(BUILD)/tools/tel/util.o $(FWA)
	$(CC) $(LDFLAGS) -o $@ $^

# --- kernel test rig (issue 16) ------------------------------------------------
# DAHDI's core from Debian's dahdi-source, built against Debian's kernel headers
# (build/kernel/kver), Module.symvers for KBUILD_EXTRA_SYMBOLS; our modules by
# kernel/Makefile (in kernel/, as kbuild does). `make modules` gathers them and
# the release firmware image in build/modules/, where the tests load them from;
# tests/kernel/vm-run boots with firmware_class.path=<tree>/build/modules/firmware.
# Each kernel test boots its own VM; make check runs them after the userspace tests.
MODULES_DIR  := build/modules
KERNEL_TESTS ?= $(sort $(wildcard tests/kernel/test_*.sh))
.PHONY: dahdi modules kernel-check
dahdi:
	@scripts/build-dahdi build/kernel/dahdi
modules: dahdi
	@$(MAKE) --no-print-directory BUILD=build SAN= firmware
	$(MAKE) --no-print-directory -C kernel
	@mkdir -p $(MODULES_DIR)/firmware/tel
	cp -f build/kernel/dahdi/drivers/dahdi/*.ko kernel/tel_core.ko kernel/telsim.ko $(MODULES_DIR)/
	cp -f build/firmware/tel-fw.img $(MODULES_DIR)/firmware/tel/telcard.fw
# the kernel soak's call generator: libtel on two DAHDI D-channels (test_soak.sh)
$(BUILD)/tests/kernel/soak_dahdi: tests/kernel/soak_dahdi.c $(LIBA) $(HEADERS)
	@mkdir -p $(@D)
	$(CC) -std=gnu11 $(WARN) $(CFLAGS) -Ilibtel/include $(LDFLAGS) -o $@ $< $(LIBA)

kernel-check: deps modules $(BUILD)/tests/kernel/soak_dahdi
	$(MAKE) --no-print-directory -C kernel checkpatch sparse
	@start=$$(date +%s); fail=0; for t in $(KERNEL_TESTS); do \
		tests/kernel/vm-run $$t || { echo "kernel-check: $$t FAILED"; fail=1; }; \
	 done; \
	 echo "kernel-check: $(words $(KERNEL_TESTS)) VM tests in $$(($$(date +%s) - start)) s$$([ $$fail = 0 ] || echo ', some FAILED')"; \
	 exit $$fail

# test_tel_dahdi.sh runs the host's tel and libpri peer inside the VM
kernel-check: all $(BUILD)/tests/kernel/pri_peer $(BUILD)/tests/kernel/tel_dahdi_conf

# --- install / uninstall (make install PREFIX=/usr/local DESTDIR=) -------------
# libtel (shared with its soname symlinks, static), headers, libtel.pc, tel, the
# man pages, bash completion; outside PREFIX: the firmware image as
# $(FIRMWAREDIR)/tel/telcard.fw and the modules' source for DKMS as
# $(DKMS_SRCDIR)/tel-$(VERSION) (dkms.conf at its top). `make uninstall` with the
# same variables removes exactly these files, and the directories only tel uses.
BINDIR      ?= $(PREFIX)/bin
DATADIR     ?= $(PREFIX)/share
MANDIR      ?= $(DATADIR)/man
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
FIRMWAREDIR ?= /lib/firmware
DKMS_SRCDIR ?= /usr/src
MANPAGES    := man/tel.1 man/libtel.3 man/telsim.4
DKMS_DEST   := $(DKMS_SRCDIR)/tel-$(VERSION)
# what the modules' build needs: kernel/, the firmware sources it compiles in,
# scripts/build-dahdi (DAHDI's core from dahdi-source) and the DKMS glue
DKMS_FILES  := $(sort kernel/Kbuild kernel/Makefile $(wildcard kernel/core/*.[ch] \
	       kernel/include/tel/*.h kernel/sim/*.[ch] kernel/sim/fw/*.c kernel/sim/fwshim/*.h \
	       firmware/src/*.[ch] firmware/include/fw/*.h) scripts/build-dahdi dkms/dkms-build)
DKMS_DIRS   := $(sort $(patsubst %/,%,$(dir $(DKMS_FILES))))
.PHONY: uninstall
install: all $(FW_BUILD)/tel-fw.img
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/libtel $(DESTDIR)$(BINDIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man4 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(FIRMWAREDIR)/tel
	install -m 644 $(HEADERS) $(DESTDIR)$(INCLUDEDIR)/libtel/
	install -m 644 $(LIBSO) $(DESTDIR)$(LIBDIR)/
	ln -sf libtel.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(LIBSONAME)
	ln -sf $(LIBSONAME) $(DESTDIR)$(LIBDIR)/libtel.so
	install -m 644 $(LIBA) $(DESTDIR)$(LIBDIR)/
	$(PC_SUBST) libtel/libtel.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/libtel.pc
	chmod 644 $(DESTDIR)$(LIBDIR)/pkgconfig/libtel.pc
	install -m 755 $(TEL) $(DESTDIR)$(BINDIR)/
	install -m 644 man/tel.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/libtel.3 $(DESTDIR)$(MANDIR)/man3/
	install -m 644 man/telsim.4 $(DESTDIR)$(MANDIR)/man4/
	install -m 644 completions/tel $(DESTDIR)$(BASHCOMPDIR)/tel
	install -m 644 $(FW_BUILD)/tel-fw.img $(DESTDIR)$(FIRMWAREDIR)/tel/telcard.fw
	@set -e; for d in $(DKMS_DIRS); do install -d $(DESTDIR)$(DKMS_DEST)/$$d; done
	@set -e; for f in $(DKMS_FILES); do \
		if [ -x $$f ]; then m=755; else m=644; fi; install -m $$m $$f $(DESTDIR)$(DKMS_DEST)/$$f; done
	sed 's/@VERSION@/$(VERSION)/' dkms/dkms.conf.in > $(DESTDIR)$(DKMS_DEST)/dkms.conf
	chmod 644 $(DESTDIR)$(DKMS_DEST)/dkms.conf
	@echo "install: tel $(VERSION) in $(DESTDIR)$(PREFIX), firmware in $(DESTDIR)$(FIRMWAREDIR)/tel, DKMS source in $(DESTDIR)$(DKMS_DEST)"

uninstall:
	rm -f $(addprefix $(DESTDIR)$(INCLUDEDIR)/libtel/,$(notdir $(HEADERS)))
	rm -f $(DESTDIR)$(LIBDIR)/libtel.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(LIBSONAME) \
		$(DESTDIR)$(LIBDIR)/libtel.so $(DESTDIR)$(LIBDIR)/libtel.a $(DESTDIR)$(LIBDIR)/pkgconfig/libtel.pc
	rm -f $(DESTDIR)$(BINDIR)/tel $(DESTDIR)$(MANDIR)/man1/tel.1 $(DESTDIR)$(MANDIR)/man3/libtel.3 \
		$(DESTDIR)$(MANDIR)/man4/telsim.4 $(DESTDIR)$(BASHCOMPDIR)/tel \
		$(DESTDIR)$(FIRMWAREDIR)/tel/telcard.fw
	rm -f $(addprefix $(DESTDIR)$(DKMS_DEST)/,$(DKMS_FILES) dkms.conf)
	@# the directories only tel uses (deepest first); shared ones (bin, lib, man1 ...) stay
	-rmdir $(DESTDIR)$(INCLUDEDIR)/libtel $(DESTDIR)$(FIRMWAREDIR)/tel 2>/dev/null
	-cd $(DESTDIR)$(DKMS_DEST) 2>/dev/null && rmdir -p $(sort $(DKMS_DIRS)) 2>/dev/null; \
		rmdir $(DESTDIR)$(DKMS_DEST) 2>/dev/null; true
# make deb: the Debian packages (debian/) from a copy of the tree, lintian, and the
# packages installed with apt-get in a clean bookworm root (scripts/deb-root, cached in
# build/deb/root.tar.zst), run there through chroot and purged (scripts/make-deb; needs
# root and the Debian mirror; about 45 s warm, 80 s with the root made)
.PHONY: deb
deb: deps
	scripts/make-deb
# --- end of install / uninstall ----------------------------------------------

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
