# planmon build. `make run` builds and runs the main job; `make test` builds
# everything under ASan+UBSan and runs every test; `make fuzz` runs the
# libFuzzer targets for a bounded time; `make bench` runs the benchmarks.

CC      ?= cc
PKGS    := jansson sqlite3 libpq xlsxwriter libzip expat libmicrohttpd libsodium libxml-2.0 libcurl
# (A package build sets PLANMON_NO_DEPS: its Build-Depends are installed.)
ifndef PLANMON_NO_DEPS
DEPS_OK := $(shell scripts/deps.sh --check 2>/dev/null && echo yes)
ifneq ($(DEPS_OK),yes)
  # Install what pkg-config cannot find before anything is compiled.
  $(shell scripts/deps.sh >&2)
endif
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
# librsvg and cairo draw the report's charts as PNG for the DOCX: their
# (GLib) headers only where they are used, src/render/chart/png.c.
RSVG_PKGS  := librsvg-2.0 cairo
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) $(RSVG_PKGS)) -lcsv -lm
RSVG_CFLAGS := $(shell pkg-config --cflags $(RSVG_PKGS))

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
STD     := -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L
INC     := -Isrc -Ibuild/gen
# assert() states invariants where code relies on them (DESIGN's house
# style): on in the sanitized, test and fuzz builds, off (NDEBUG) in the
# release build only.
CFLAGS_REL  := $(STD) $(WARN) -O2 -g -DNDEBUG $(INC) $(PKG_CFLAGS)
CFLAGS_ASAN := $(STD) $(WARN) -O1 -g -fno-omit-frame-pointer \
               -fsanitize=address,undefined -fno-sanitize-recover=all $(INC) $(PKG_CFLAGS)

LIB_SRC  := $(sort $(wildcard src/base/*.c src/model/*.c src/parse/*.c src/engine/*.c \
                               src/store/*.c src/render/*/*.c src/web/*.c src/cli/*.c))
LIB_SRC  := $(filter-out src/cli/main.c,$(LIB_SRC))
# plans/ (the built-in plan) and web/ (the pages' CSS and JS) are embedded
# alike: pm_embed_find("web/style.css").
EMBED_IN := $(sort $(wildcard plans/*) $(wildcard web/*))
GEN_SRC  := build/gen/embedded.c

REL_OBJ  := $(patsubst %.c,build/rel/%.o,$(LIB_SRC) $(GEN_SRC))
ASAN_OBJ := $(patsubst %.c,build/asan/%.o,$(LIB_SRC) $(GEN_SRC))

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,build/asan/tests/%,$(UNIT_SRC))

.PHONY: all run demo status test unit fuzz bench bench-http clean deps check-layers install uninstall deb
all: build/planmon build/planmon.1 build/planmon.bash

# The main job: the dashboard on the demo data (synthetic figures for the
# Daxing district). `planmon demo` prints the demo users and their
# passwords, `planmon serve` the address to open; Ctrl+C stops it.
# LISTEN=0.0.0.0:8080 serves the office network.
DEMO_DB ?= build/demo.db
LISTEN  ?= 127.0.0.1:8080
# The demo database is made once and kept (figures entered, passwords
# changed); `make demo` makes it afresh and prints the users' passwords.
run: build/planmon
	@test -f $(DEMO_DB) && echo "沿用已有的示例数据库 $(DEMO_DB)（make demo 重新生成，并显示示例用户的密码）" \
	    || ./build/planmon demo --db $(DEMO_DB)
	./build/planmon serve --db $(DEMO_DB) --listen $(LISTEN)

demo: build/planmon
	./build/planmon demo --db $(DEMO_DB) --force

# A second example: the demo district's 32 indicators judged for 2023, as a
# table in the terminal (makes the demo database when there is none).
status: build/planmon
	@test -f $(DEMO_DB) || ./build/planmon demo --db $(DEMO_DB) >/dev/null
	./build/planmon status --db $(DEMO_DB)

deps:
	scripts/deps.sh

# The man page and the bash completion are written by the binary from its
# command table (src/cli/main.c), so they cannot drift from it.
build/planmon.1: build/planmon
	./build/planmon help --man > $@.tmp && mv $@.tmp $@
build/planmon.bash: build/planmon
	./build/planmon help --completion bash > $@.tmp && mv $@.tmp $@

# make install [PREFIX=/usr/local] [DESTDIR=…]: the binary, planmon(1) and
# the bash completion (the Debian package adds the service and settings).
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
install: build/planmon build/planmon.1 build/planmon.bash
	install -D -m 755 build/planmon $(DESTDIR)$(BINDIR)/planmon
	install -D -m 644 build/planmon.1 $(DESTDIR)$(MANDIR)/man1/planmon.1
	install -D -m 644 build/planmon.bash $(DESTDIR)$(BASHCOMPDIR)/planmon

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/planmon $(DESTDIR)$(MANDIR)/man1/planmon.1 $(DESTDIR)$(BASHCOMPDIR)/planmon

# make deb: the Debian package (debian/, debhelper) into build/deb/. The
# source tree is copied first so that dpkg-buildpackage's build and clean
# never touch this tree's build/.
deb:
	rm -rf build/deb && mkdir -p build/deb/src
	git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t build/deb/src
	tools/version-h.sh | sed -n 's/^#define PLANMON_COMMIT "\(.*\)"/\1/p' > build/deb/src/.commit
	@# The package's version: VERSION, then +git<commits>.<commit>, so that a
	@# later build sorts after an earlier one and `apt install ./x.deb`
	@# upgrades (the same version would be kept and the new file ignored).
	v=$$(cat VERSION)$$(git rev-list --count HEAD 2>/dev/null | sed 's/^/+git/')$$(git rev-parse --short=12 HEAD 2>/dev/null | sed 's/^/./') && \
	    sed -i "1s/^planmon ([^)]*)/planmon ($$v)/" build/deb/src/debian/changelog
	cd build/deb/src && dpkg-buildpackage -us -uc -b
	ls build/deb/planmon_*.deb

build/planmon: build/rel/src/cli/main.o $(REL_OBJ)
	$(CC) $(CFLAGS_REL) -o $@ $^ $(PKG_LIBS)

build/asan/planmon: build/asan/src/cli/main.o $(ASAN_OBJ)
	$(CC) $(CFLAGS_ASAN) -o $@ $^ $(PKG_LIBS)

# GLib's headers (librsvg, cairo) for the one file that draws PNG.
build/rel/src/render/chart/png.o: CFLAGS_REL += $(RSVG_CFLAGS)
build/asan/src/render/chart/png.o: CFLAGS_ASAN += $(RSVG_CFLAGS)
build/rel/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_REL) -MMD -MP -c -o $@ $<

build/asan/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ASAN) -MMD -MP -c -o $@ $<

# Built-in data (plans/) is compiled into the binary: one source of truth.
build/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(WARN) -O1 -o $@ $<

$(GEN_SRC): build/tools/embed $(EMBED_IN)
	@mkdir -p $(dir $@)
	build/tools/embed $(EMBED_IN) > $@.tmp && mv $@.tmp $@

# planmon --version: VERSION's number and the git commit (tools/version-h.sh).
# Checked on every make, rewritten only when it changes, so that a new
# commit rebuilds main.o and nothing else.
build/gen/version.h: FORCE
	@mkdir -p $(dir $@)
	@tools/version-h.sh > $@.tmp && { cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@; }
build/rel/src/cli/main.o build/asan/src/cli/main.o: build/gen/version.h
FORCE:

# Unit tests link the layers below the front doors (src/cli is tested end to end).
TEST_OBJ := $(filter-out build/asan/src/cli/%,$(ASAN_OBJ))
build/asan/tests/%: tests/unit/%.c $(TEST_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ASAN) -o $@ $< $(TEST_OBJ) $(PKG_LIBS) $(shell pkg-config --libs cmocka) $(TEST_LDFLAGS)
# test_xlsx counts the bytes expat is made to scan (instead of timing the
# reader): every XML_Parse call of the reader goes through its wrapper.
build/asan/tests/test_xlsx: TEST_LDFLAGS := -Wl,--wrap=XML_Parse

unit: $(UNIT_BIN)

# The same tests built without ASan, for valgrind's memcheck (which cannot
# run sanitized code): tests/e2e/memcheck.sh runs these under it.
VG_UNIT_BIN := build/rel/tests/test_web build/rel/tests/test_users build/rel/tests/test_escape
# Run as they are too, where glibc's allocator must be the one in use.
REL_UNIT_BIN := build/rel/tests/test_mem
REL_TEST_OBJ := $(filter-out build/rel/src/cli/%,$(REL_OBJ))
build/rel/tests/%: tests/unit/%.c $(REL_TEST_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_REL) -o $@ $< $(REL_TEST_OBJ) $(PKG_LIBS) $(shell pkg-config --libs cmocka)

# The layers of DESIGN's architecture: includes only point downward.
check-layers:
	tools/check-layers.sh

# Tests run side by side (tests/run.sh; JOBS=1 for one at a time); the
# release build is there for the out-of-memory test (ASan cannot run under
# an address-space limit).
test: check-layers $(UNIT_BIN) build/asan/planmon build/planmon $(VG_UNIT_BIN) $(REL_UNIT_BIN)
	tests/run.sh $(UNIT_BIN) $(REL_UNIT_BIN)

# ---- fuzzing (clang + libFuzzer) -------------------------------------------
FUZZ_SRC    := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN    := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
FUZZ_TIME   ?= 60
# Objects are compiled once each with coverage instrumentation
# (fuzzer-no-link) and linked with libFuzzer's main (-fsanitize=fuzzer), so a
# changed file recompiles alone.
CFLAGS_FUZZ := $(STD) $(WARN) -O1 -g -fsanitize=fuzzer-no-link,address,undefined \
               -fno-sanitize-recover=all $(INC) $(PKG_CFLAGS)
fuzz_obj     = $(patsubst %.c,build/fuzz/obj/%.o,$(1))
# The fuzzers exercise the pure layers (DESIGN: parse and engine, and what
# they call): linking only those keeps store/render/cli work out of their build.
FUZZ_LIB    := $(call fuzz_obj,$(filter src/base/% src/model/% src/parse/% src/engine/%,$(LIB_SRC)) $(GEN_SRC))
# The web fuzzer runs the front door (src/web/dispatch.h): every layer but src/cli.
FUZZ_WEB_LIB := $(call fuzz_obj,$(filter-out src/cli/%,$(LIB_SRC)) $(GEN_SRC))

build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(CFLAGS_FUZZ) -MMD -MP -c -o $@ $<

build/fuzz/%: build/fuzz/obj/tests/fuzz/%.o $(FUZZ_LIB)
	clang $(CFLAGS_FUZZ) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS) $(FUZZ_LDFLAGS)

build/fuzz/fuzz_web: FUZZ_LDFLAGS := -Wl,--wrap=crypto_pwhash_str
build/fuzz/fuzz_web: build/fuzz/obj/tests/fuzz/fuzz_web.o $(FUZZ_WEB_LIB)
	clang $(CFLAGS_FUZZ) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS) $(FUZZ_LDFLAGS)

# The chart's PNG output includes librsvg's headers.
build/fuzz/obj/src/render/chart/png.o: CFLAGS_FUZZ += $(RSVG_CFLAGS)

fuzz: $(FUZZ_BIN) build/planmon
	PLANMON=$(CURDIR)/build/planmon tests/fuzz/run.sh $(FUZZ_TIME) $(FUZZ_BIN)

# ---- benchmark (issue 3 "Performance"; figures in docs/performance.md) ---------
# Built against the release objects (not sanitized); databases it makes go
# under build/bench/.
BENCH_OBJ := $(filter-out build/rel/src/cli/%,$(REL_OBJ))

build/bench/bench: bench/bench.c $(BENCH_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_REL) -o $@ $< $(BENCH_OBJ) $(PKG_LIBS)

bench: build/bench/bench
	bench/run.sh

# HTTP (issue 5 "Performance"): `planmon serve` beside nginx under wrk on
# loopback, 10 s per run; its own section of docs/performance.md.
bench-http: build/planmon
	bench/http.sh

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
