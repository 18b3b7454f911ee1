# ksmbench - KSM merge-speed patches for Linux 6.1 and the benchmarks that
# prove them.  `make help` lists the targets.

CC       ?= gcc
GIT_REV  := $(shell git describe --always --dirty --abbrev=12 2>/dev/null || echo unknown)
CFLAGS   ?= -O2 -g
# what the code needs, kept when a user sets CFLAGS (make CFLAGS=-O3)
override CFLAGS += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -pthread \
            -DKSMBENCH_GIT_REV='"$(GIT_REV)"'
LDLIBS   += -lm -pthread
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

BUILD    := build
BIN      := bin
LIB_SRC  := $(wildcard bench/lib/*.c)
LIB_HDR  := $(wildcard bench/lib/*.h)
BENCHES  := merge_throughput odirect_latency gupfast_contention corunner_latency
TOOLS    := ksm_reset ksm_stress xxhash_bound xxh64_collide ksm_forked_race
BIN_ALL  := $(addprefix $(BIN)/,$(BENCHES) $(TOOLS))

# kernel harness: which kernel and config (kernel/build.sh), on which base
# (Debian's linux-source-6.1 or -6.12; kernel/common.sh)
KERNEL   ?= patched
CONFIG   ?= base
BASE     ?= $(or $(KSMBENCH_BASE),6.1)
export KSMBENCH_BASE := $(BASE)

# `make bench` knobs (see scripts/bench-suite.sh)
REPS     ?= 3
SIZES    ?= 256 1024
PROFILES ?= identical distinct-pairs worst-case zipf

.PHONY: all hash-cost bench bench-odirect bench-gupfast vm-image vm-density vm-replay test test-host lint sanitize static help clean ksm-reset deps kernel vm-test ab release-ab check-series check-configs mutation-test debug-stress stress forked-race link-walk numa-repeat plots report

all: $(BIN_ALL)

# odirect_latency's async mode is io_uring (liburing, static for the guest)
$(BIN)/odirect_latency $(BUILD)/static/odirect_latency $(BUILD)/asan/odirect_latency: LDLIBS += -luring

$(BIN)/%: bench/%.c $(LIB_SRC) $(LIB_HDR)
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) -o $@ bench/$*.c $(LIB_SRC) $(LDLIBS)

# Statically linked copies for the guest initramfs.
$(BUILD)/static/%: bench/%.c $(LIB_SRC) $(LIB_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -static -o $@ bench/$*.c $(LIB_SRC) $(LDLIBS)

static: $(addprefix $(BUILD)/static/,$(BENCHES) $(TOOLS))

UNIT_SRC := $(wildcard tests/unit/*.c)

$(BUILD)/unit/test_lib: $(UNIT_SRC) tests/unit/harness.h $(LIB_SRC) $(LIB_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ibench -o $@ $(UNIT_SRC) $(LIB_SRC) $(LDLIBS)

$(BUILD)/asan/test_lib: $(UNIT_SRC) tests/unit/harness.h $(LIB_SRC) $(LIB_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SANFLAGS) -Ibench -o $@ $(UNIT_SRC) $(LIB_SRC) $(LDLIBS)

$(BUILD)/asan/%: bench/%.c $(LIB_SRC) $(LIB_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SANFLAGS) -o $@ bench/$*.c $(LIB_SRC) $(LDLIBS)

sanitize: $(BUILD)/asan/test_lib $(addprefix $(BUILD)/asan/,$(BENCHES) ksm_stress xxhash_bound xxh64_collide)

deps:
	@scripts/setup-deps.sh

bench:
	@scripts/setup-deps.sh base
	@$(MAKE) --no-print-directory all
	@scripts/bench-suite.sh --reps "$(REPS)" --sizes "$(SIZES)" --profiles "$(PROFILES)" \
		$(if $(OUT),--out "$(OUT)") $(if $(PERF),--perf)

# O_DIRECT latency and integrity under KSM on the running kernel (+ fio)
ODIRECT_SECONDS ?= 60
bench-odirect:
	@scripts/setup-deps.sh base fio
	@$(MAKE) --no-print-directory all
	@scripts/odirect-suite.sh --seconds "$(ODIRECT_SECONDS)" $(if $(OUT),--out "$(OUT)")

# GUP-fast users against KSM's write protection on the running kernel
GUPFAST_SECONDS ?= 5
bench-gupfast:
	@scripts/setup-deps.sh base
	@$(MAKE) --no-print-directory all
	@scripts/gupfast-suite.sh --seconds "$(GUPFAST_SECONDS)" $(if $(OUT),--out "$(OUT)")

# VM workloads: Debian guests under QEMU on the running kernel (workloads/)
WORKLOAD ?= idle
GUESTS   ?= 4
GUEST_MIB ?= 512
DURATION ?= 180
vm-image:
	@scripts/setup-deps.sh vm
	@workloads/build-image.sh

vm-density: $(BIN)/ksm_reset
	@scripts/setup-deps.sh vm
	@workloads/vm_density.py --workload $(WORKLOAD) --guests $(GUESTS) --mem-mib $(GUEST_MIB) \
		--duration-s $(DURATION) $(if $(CAPTURE),--capture) $(if $(OUT),--out "$(OUT)") $(VM_ARGS)

# the captured RAM of density runs on stock vs patched (RUNS='results/vm/A results/vm/B')
vm-replay: static
	@scripts/setup-deps.sh vm
	@workloads/ab-replay.sh $(REPLAY_ARGS) $(RUNS)

lint:
	@mkdir -p $(BUILD)
	@scripts/lint.sh

UNIT_BIN := $(BUILD)/unit/test_lib

test:
	@scripts/setup-deps.sh base kernel plot vm
	@$(MAKE) --no-print-directory all sanitize static $(UNIT_BIN)
	@tests/run.sh

# The same without building and booting a kernel: a quick local loop.
test-host:
	@scripts/setup-deps.sh base plot
	@$(MAKE) --no-print-directory all sanitize $(UNIT_BIN)
	@KSMBENCH_NO_KERNEL=1 tests/run.sh

kernel:
	@scripts/setup-deps.sh kernel
	@kernel/build.sh $(KERNEL) $(CONFIG) >/dev/null

vm-test: static
	@scripts/setup-deps.sh kernel
	@kernel/vm-test.sh $(KERNEL) $(CONFIG)

ab: static
	@scripts/setup-deps.sh kernel
	@kernel/ab.sh $(AB_ARGS)

# The release A/B (issue 21): every matrix with a target, stock vs the series,
# one directory (RELEASE_ARGS: --out DIR resumes it, --reps N, --only NAME,...,
# --vm-runs 'results/vm/A ...', --list); its table: scripts/release_table.py DIR
release-ab: static
	@scripts/setup-deps.sh kernel vm
	@kernel/release-ab.sh $(RELEASE_ARGS)

# The O_DIRECT integrity check catches a kernel without the pin check.
mutation-test: static
	@scripts/setup-deps.sh kernel
	@kernel/mutation-test.sh $(MUTATION_ARGS)

# The debug kernel (KASAN, lockdep, ...) under the vm-test plan and a stress matrix.
debug-stress: static
	@scripts/setup-deps.sh kernel
	@kernel/build.sh $(KERNEL) debug >/dev/null
	@kernel/debug-stress.sh $(KERNEL)

# issue 19's lock race laid out with the test module ksm_gate (CONFIG=debug sees it)
forked-race: static
	@scripts/setup-deps.sh kernel
	@kernel/forked-race.sh --kernel $(KERNEL) --config $(if $(filter base,$(CONFIG)),debug,$(CONFIG))

# An unstable index entry's hash link followed by a lookup stopped there
# while KSM merges the entry's page (test module ksm_link_walker).
link-walk: static
	@scripts/setup-deps.sh kernel
	@kernel/link-walk.sh --kernel $(KERNEL) --config $(if $(filter base,$(CONFIG)),debug,$(CONFIG))

# 6.12's ksm_tests -N -m 1 ten times with KSM's tracepoints (BASE=6.12;
# KERNEL=stock or patched): when the test's second page came, per run
numa-repeat: static
	@scripts/setup-deps.sh kernel
	@kernel/numa-repeat.sh --kernel $(KERNEL)

# ksm_stress in a guest: 10 minutes on the debug kernel by default
STRESS_SECONDS ?= 600
STRESS_CONFIG  := $(if $(filter command line environment,$(origin CONFIG)),$(CONFIG),debug)
stress: static
	@scripts/setup-deps.sh kernel
	@kernel/stress.sh --kernel $(KERNEL) --config $(STRESS_CONFIG) --seconds $(STRESS_SECONDS) $(STRESS_ARGS)

# What each page hash an index could be keyed by costs per page, here.
hash-cost:
	@scripts/setup-deps.sh base
	@scripts/hash-cost.sh

# mm/ksm.c builds with SYSFS, NUMA, DEBUG_FS, MIGRATION off, DEBUG_VM,
# MEMORY_HOTREMOVE on (the guest kernels take one branch of each #ifdef).
check-configs: static
	@scripts/setup-deps.sh kernel
	@kernel/check-configs.sh $(KERNEL)

# Every prefix of the series: checkpatch --strict, builds, passes the
# vm-test plan (CHECK_SERIES_ARGS: --out DIR resumes a run, --from N).
check-series: static
	@scripts/setup-deps.sh kernel
	@kernel/check-series.sh $(CHECK_SERIES_ARGS)

# Every committed result as SVG plots (results/plots/), and one HTML page.
plots:
	@scripts/setup-deps.sh plot
	@python3 plot/plots.py

report: plots
	@python3 plot/report.py

ksm-reset: $(BIN)/ksm_reset
	@$(BIN)/ksm_reset

help:
	@echo "ksmbench targets:"
	@echo "  make            build the benchmarks into $(BIN)/"
	@echo "  make bench      default suite on the running kernel -> results/<kernel>-<date>/"
	@echo "                  (REPS=$(REPS) SIZES='$(SIZES)' PROFILES='$(PROFILES)';"
	@echo "                  PERF=1 also keeps ksmd's perf profile beside each JSON)"
	@echo "  make bench-odirect  odirect_latency sync + io_uring and the fio cross-check,"
	@echo "                  KSM off vs on -> results/odirect/ (ODIRECT_SECONDS=$(ODIRECT_SECONDS) per phase)"
	@echo "  make bench-gupfast  gupfast_contention (O_DIRECT, vmsplice, gup-test where present),"
	@echo "                  threads 1..2 x CPUs, KSM off vs on -> results/gupfast/ (GUPFAST_SECONDS=$(GUPFAST_SECONDS))"
	@echo "  make vm-density N guests of one workload (idle, web, db, build, mix) under QEMU,"
	@echo "                  memory KSM saves them over time -> results/vm/<date>-<workload>-n<N>/"
	@echo "                  (WORKLOAD=$(WORKLOAD) GUESTS=$(GUESTS) GUEST_MIB=$(GUEST_MIB) DURATION=$(DURATION) s after"
	@echo "                  the guests settle; CAPTURE=1 saves their RAM for vm-replay; VM_ARGS=...)"
	@echo "  make vm-replay  captured RAM of density runs replayed on stock vs patched 6.1"
	@echo "                  (RUNS='results/vm/A ...' REPLAY_ARGS='--reps N') -> results/ab/"
	@echo "  make vm-image   build the cached Debian guest image (debootstrap bookworm)"
	@echo "  make test       lint, unit tests (plain and ASan/UBSan), end-to-end tests,"
	@echo "                  patched 6.1 built and booted under QEMU with selftests (TAP)"
	@echo "  make test-host  the same without the kernel suites"
	@echo "  make lint       clang-tidy and cppcheck on the C sources"
	@echo "  make kernel     build Linux KERNEL=stock|patched|mutation-NAME CONFIG=base|debug|kcsan|vmguest"
	@echo "  BASE=6.1|6.12   the base of every kernel target (default $(BASE)): Debian's linux-source-BASE,"
	@echo "                  its series in kernel/patches/ (6.1) or kernel/patches-BASE/"
	@echo "  make vm-test    boot KERNEL under QEMU, run selftests + quick benches (TAP)"
	@echo "  make ab         stock vs patched, alternating, -> results/ab/<date>-<id>/"
	@echo "                  (AB_ARGS='--matrix kernel/ab/NAME.matrix --reps N --mem MiB --perf')"
	@echo "                  (corunner.matrix: corunner_latency, a latency-sensitive co-runner,"
	@echo "                  KSM off vs on in each run; result.ratio = request p99 on / off)"
	@echo "  make release-ab the release A/B: every matrix with a target of issue 21 (hash index, batching,"
	@echo "                  workers, collisions, ksm_tests -P, gupfast, VM replays, odirect), stock vs the"
	@echo "                  series, 5 boots each -> results/ab/<date>-release-<sha>/ (about 6 h under TCG;"
	@echo "                  RELEASE_ARGS='--out DIR' resumes, '--reps N', '--only NAME,...', '--list');"
	@echo "                  the table of targets: python3 scripts/release_table.py DIR; with BASE=6.12 issue 23's"
	@echo "                  matrices (advisor and smart scan cases, replays paced by the advisor) ->"
	@echo "                  results/ab/<date>-release-6.12-<sha>/"
	@echo "  make check-series  checkpatch --strict, and every prefix of the series builds and passes the vm-test plan"
	@echo "  make check-configs  mm/ksm.c builds (W=1) with each #ifdef'd option of it turned around"
	@echo "  make mutation-test  every kernel/mutations/NAME.patch (a fixed bug put back) must be caught"
	@echo "                  by its test -> results/mutation/<date>/summary.json (MUTATION_ARGS='--only NAME')"
	@echo "  make stress     ksm_stress in a NUMA guest of KERNEL, CONFIG=debug by default, every page"
	@echo "                  verified (STRESS_SECONDS=$(STRESS_SECONDS); STRESS_ARGS='--negative-control"
	@echo "                  --fault-inject PERCENT': ksmd's allocations fail that often)"
	@echo "  make forked-race  issue 19's lock race laid out step by step in a debug guest of KERNEL"
	@echo "                  (test module ksm_gate) -> results/forked-race/"
	@echo "  make link-walk   a lookup stopped at an unstable index entry while KSM merges it, in a debug"
	@echo "                  guest of KERNEL (test module ksm_link_walker) -> results/link-walk/"
	@echo "  make hash-cost  what each page hash costs per page here (xxh64, nh, siphash) -> results/hash-cost/"
	@echo "  make numa-repeat  BASE=6.12: ksm_tests -N -m 1 ten times, traced (when its 2nd page came)"
	@echo "  make debug-stress   KERNEL with KASAN/lockdep/DEBUG_VM: vm-test + a KSM stress matrix"
	@echo "  make plots      gnuplot SVGs of every committed result -> results/plots/"
	@echo "  make report     one self-contained HTML page of them -> results/report.html"
	@echo "  make deps       install the Debian packages the suite needs"
	@echo "  make ksm-reset  restore KSM settings left changed by a killed run"
	@echo "  make clean      remove build outputs"

clean:
	rm -rf $(BUILD) $(BIN)
