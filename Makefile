# crier - see README.md.  The user's CFLAGS, CPPFLAGS, LDFLAGS and LDLIBS
# win; crier's own flags live in the CRIER_* variables.
.SUFFIXES:

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions

CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config
PYTHON ?= /usr/bin/python3

# Where objects go; `make asan` builds the same tree a second time there.
B ?= build

PKGS = libxml-2.0 libcurl libcmark libcrypto libssh jansson libidn2
PKGS_MISSING := $(shell for p in $(PKGS) cmocka libmicrohttpd; do $(PKG_CONFIG) --exists $$p || echo $$p; done)
ifneq ($(PKGS_MISSING),)
$(error missing libraries: $(PKGS_MISSING) (run scripts/setup))
endif

CRIER_CPPFLAGS = -Iinclude $(LIB_DIRS:%=-Isrc/%) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
# Hidden by default: libcrier.so exports only what include/crier.h marks
# CRIER_EXPORT (tests/cli/exports.sh holds it to that).
CRIER_CFLAGS = -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -fPIC -fvisibility=hidden -pthread \
	$(shell $(PKG_CONFIG) --cflags $(PKGS) libmicrohttpd)
# Only publishing needs these (and libidn2 only a host in another script),
# so they are not linked but loaded when first needed (lazy.h): loading
# them costs milliseconds on every run.
PKGS_LAZY = libcurl libcrypto libssh libidn2
CRIER_LDLIBS = $(shell $(PKG_CONFIG) --libs \
	$(filter-out $(PKGS_LAZY),$(PKGS))) -ldl -pthread
CMOCKA_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka)
SAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer

# The library, one folder a stage of the pipeline (README.md, "Layout"):
# record -> model -> write -> output -> publish; import writes records;
# base is what every stage uses.  The command (src/cli) is not in it.
LIB_DIRS = base record model write write/formats output publish \
	publish/transport import
LIB_SRC = $(sort $(foreach d,$(LIB_DIRS),$(wildcard src/$(d)/*.c)))
LIB_OBJ = $(LIB_SRC:src/%.c=$(B)/%.o)
# data/feed.xsl, compiled in (stylesheet.h); generated, so not in LIB_SRC.
LIB_OBJ += $(B)/stylesheet.o
# The code of every message kind (struct crier_diag), from diag.h.
LIB_OBJ += $(B)/diag_codes.o
UNIT_TESTS = record times model json rss baseurl ics html
UNIT_TESTS += upload_util
UNIT_TESTS += html2md
UNIT_TESTS += lock
UNIT_TESTS += feedrules
UNIT_TESTS += views
UNIT_TESTS += diag
UNIT_TESTS += reccache
UNIT_TESTS += bytes
UNIT_BIN = $(UNIT_TESTS:%=$(B)/test_%)

SO_VERSION = 0
ALL_CFLAGS = $(CRIER_CPPFLAGS) $(CPPFLAGS) $(CRIER_CFLAGS) $(CFLAGS)

all: $(B)/crier

HEADERS = include/crier.h $(wildcard src/*/*.h src/*/*/*.h)
$(B)/%.o: src/%.c $(HEADERS) | $(B)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B):
	mkdir -p $@

# data/feed.xsl as one C string of octal escapes: od and sed, as xxd is not
# everywhere, and a string rather than a char array so that bytes past 127
# need no conversion whatever the signedness of char.
$(B)/stylesheet.c: data/feed.xsl | $(B)
	{ echo '/* Generated from data/feed.xsl by the Makefile. */'; \
	echo '#include "stylesheet.h"'; \
	echo 'const char crier_feed_xsl[] ='; \
	od -An -v -to1 data/feed.xsl | sed 's/ *\([0-7][0-7]*\)/\\\1/g; s/.*/"&"/'; \
	echo ';'; \
	echo 'const unsigned long crier_feed_xsl_size = sizeof crier_feed_xsl - 1;'; \
	} >$@.tmp && mv $@.tmp $@

# The Makefile too: its flags (visibility) decide what the object exports.
$(B)/stylesheet.o: $(B)/stylesheet.c src/write/stylesheet.h Makefile
	$(CC) $(ALL_CFLAGS) -c -o $@ $(B)/stylesheet.c

# Each "\tMSG_NAME," line of diag.h gives [MSG_NAME] = "name", lower case
# with '-' for '_', so that every message kind has a code without a
# second table to keep in step by hand.
$(B)/diag_codes.c: src/base/diag.h | $(B)
	{ echo '/* Generated from diag.h by the Makefile. */'; \
	echo '#include "diag.h"'; \
	echo 'extern const char *const crier_msg_codes[MSG__COUNT];'; \
	echo 'const char *const crier_msg_codes[MSG__COUNT] = {'; \
	sed -n 's/^[[:space:]]*MSG_\([A-Z0-9_]*\),.*/\1/p' src/base/diag.h | \
	awk '{ c = tolower($$0); gsub(/_/, "-", c); \
		printf "\t[MSG_%s] = \"%s\",\n", $$0, c }'; \
	echo '};'; \
	} >$@.tmp && mv $@.tmp $@

$(B)/diag_codes.o: $(B)/diag_codes.c src/base/diag.h Makefile
	$(CC) $(ALL_CFLAGS) -c -o $@ $(B)/diag_codes.c

$(B)/libcrier.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(B)/libcrier.so: $(LIB_OBJ)
	$(CC) $(CRIER_CFLAGS) $(CFLAGS) $(LDFLAGS) -shared \
		-Wl,-soname,libcrier.so.$(SO_VERSION) -o $@ $(LIB_OBJ) \
		$(CRIER_LDLIBS) $(LDLIBS)

# The command: main.c, log.c (where its lines go), usage.c (its help
# texts) and the cli_*.c files (its other commands and hints) print; the
# library never does.
# crier serve's libmicrohttpd is loaded when it starts (mhd_dl.h).
CLI_SRC = $(sort $(wildcard src/cli/*.c))
CLI_OBJ = $(CLI_SRC:src/%.c=$(B)/%.o)
$(CLI_OBJ): ALL_CFLAGS += -Isrc/cli
$(B)/crier: $(CLI_OBJ) $(B)/libcrier.a
	$(CC) $(CRIER_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) \
		$(B)/libcrier.a $(CRIER_LDLIBS) $(LDLIBS)

$(B)/test_%: tests/unit/test_%.c $(wildcard tests/unit/*.h) $(B)/libcrier.a
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) $(LDFLAGS) -o $@ $< \
		$(B)/libcrier.a $(CMOCKA_LIBS) $(CRIER_LDLIBS) $(LDLIBS)

# The whole suite: unit tests, then the command-level tests against the
# binary.  VALGRIND (e.g. "valgrind -q --leak-check=full --error-exitcode=99")
# wraps every process the suite starts.
check: $(B)/crier $(B)/libcrier.so $(B)/crier-uninstalled.pc $(UNIT_BIN)
	@for t in $(UNIT_BIN); do \
		echo "unit: $$t"; \
		srcdir=tests $(VALGRIND) $$t || exit 1; \
	done
	@passed=0; skipped=""; \
	for t in $(filter-out tests/cli/lib.sh,$(wildcard tests/cli/*.sh)); do \
		echo "cli: $$t"; \
		CRIER="$(VALGRIND) $(CURDIR)/$(B)/crier" PYTHON=$(PYTHON) \
			sh $$t; rc=$$?; \
		if [ $$rc = 77 ]; then skipped="$$skipped $$t"; \
		elif [ $$rc != 0 ]; then exit 1; \
		else passed=$$((passed + 1)); fi; \
	done; \
	set -- $$skipped; \
	for t in $$skipped; do echo "check: SKIPPED $$t"; done; \
	echo "check: $$passed passed, 0 failed, $$# skipped"; \
	if [ $$# != 0 ] && [ -n "$$CRIER_NO_SKIP" ]; then \
		echo "check: CRIER_NO_SKIP is set: a skipped test is a failure"; \
		exit 1; \
	fi

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer.
asan:
	$(MAKE) B=build-asan CFLAGS="-O1 -g $(SAN_FLAGS)" \
		LDFLAGS="$(SAN_FLAGS)" check

# The same suite under valgrind's memcheck; any leak or error fails it.
leakcheck: all $(UNIT_BIN)
	$(MAKE) check VALGRIND="valgrind -q --leak-check=full \
		--show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible \
		--error-exitcode=99"

# Fuzz every reader of outside input with libFuzzer (clang), each target
# for FUZZ_SECONDS; tests/fuzz/fuzz_NAME.c says what each one covers.
# The library is built once in build-fuzz with the fuzzer's coverage; new
# inputs go to build-fuzz/corpus/NAME, seeds come from tests/fuzz/corpus
# and the test schedules (and the shared example schedules, when there).
FUZZ_SECONDS ?= 600
FUZZ_TARGETS = record source schedule html2md markdown ledger lock header
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
# The largest input each target takes: a record or schedule big enough
# for the shapes that once cost time or memory out of proportion.
FUZZ_MAX_LEN_record = 1048576
FUZZ_MAX_LEN_source = 1048576
FUZZ_MAX_LEN_schedule = 1048576
FUZZ_MAX_LEN_html2md = 262144
FUZZ_MAX_LEN_markdown = 1048576
FUZZ_MAX_LEN_ledger = 1048576
FUZZ_MAX_LEN_lock = 512
FUZZ_MAX_LEN_header = 65536
FUZZ_SEEDS_schedule = tests/schedules \
	$(wildcard ../shared/examples/schedules)
FUZZ_SEEDS_source = tests/fuzz/corpus/record
FUZZ_BIN = $(FUZZ_TARGETS:%=build-fuzz/fuzz_%)

# Phony, so that the library's own rules (in a second make) say what is
# out of date; the targets are relinked each time, which takes a second.
build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_build.h fuzz-lib
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer $(CRIER_CPPFLAGS) \
		$(CRIER_CFLAGS) -o $@ $< build-fuzz/lib/libcrier.a \
		$(CRIER_LDLIBS)

fuzz-lib:
	$(MAKE) B=build-fuzz/lib CC=clang CFLAGS="$(FUZZ_FLAGS)" \
		build-fuzz/lib/libcrier.a

fuzz-build: $(FUZZ_BIN)

fuzz: $(FUZZ_BIN)
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p build-fuzz/corpus/$$t tests/fuzz/corpus/$$t; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		build-fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
			-max_len=$$(case $$t in \
			record) echo $(FUZZ_MAX_LEN_record);; \
			source) echo $(FUZZ_MAX_LEN_source);; \
			schedule) echo $(FUZZ_MAX_LEN_schedule);; \
			html2md) echo $(FUZZ_MAX_LEN_html2md);; \
			markdown) echo $(FUZZ_MAX_LEN_markdown);; \
			ledger) echo $(FUZZ_MAX_LEN_ledger);; \
			lock) echo $(FUZZ_MAX_LEN_lock);; \
			header) echo $(FUZZ_MAX_LEN_header);; esac) \
			-timeout=60 -rss_limit_mb=2048 -print_final_stats=1 \
			build-fuzz/corpus/$$t tests/fuzz/corpus/$$t \
			$$([ $$t = schedule ] && echo $(FUZZ_SEEDS_schedule)) \
			$$([ $$t = source ] && echo $(FUZZ_SEEDS_source)) \
			|| exit 1; \
	done

# Speed and memory against the yardstick (see scripts/bench), then the
# speed of import-schedule on big schedules (see scripts/bench-import)
# and of a 50 MB upload to sshd on 127.0.0.1 (see scripts/bench-sftp).
bench: $(B)/crier
	$(PYTHON) scripts/bench
	CRIER=$(B)/crier $(PYTHON) scripts/bench-import 1000 5000 100000
	CRIER=$(B)/crier $(PYTHON) scripts/bench-sftp

lint:
	mandoc -T lint -W warning man/crier.1 man/crier-records.5

# Circles between source files, function and file sizes, and printing in
# the library (see scripts/depcheck; make check runs it, through
# tests/cli/depcheck.sh).
depcheck: $(B)/crier
	$(PYTHON) scripts/depcheck $(B)

# The main job: check and build the bundled example feeds into public/.
demo: $(B)/crier
	$(B)/crier build -o public feeds/*/
	@for f in public/*/*; do echo "built $$f"; done

crier.pc: crier.pc.in
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
		crier.pc.in > $@

# The same for the library in $(B), not installed: pkg-config prefers
# crier-uninstalled.pc to crier.pc when PKG_CONFIG_PATH leads to it, which
# is how tests/cli/example_api.sh builds examples/publish.c.
$(B)/crier-uninstalled.pc: crier.pc.in include/crier.h | $(B)
	sed -e 's|@PREFIX@|$(CURDIR)|' -e 's|@LIBDIR@|$(CURDIR)/$(B)|' \
		-e 's|@INCLUDEDIR@|$(CURDIR)/include|' \
		-e 's|@VERSION@|$(VERSION)|' crier.pc.in > $@

VERSION = $(shell sed -n 's/^\#define CRIER_VERSION "\(.*\)"/\1/p' include/crier.h)

install: $(B)/crier $(B)/libcrier.a $(B)/libcrier.so crier.pc
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) \
		$(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	cp $(B)/crier $(DESTDIR)$(BINDIR)/crier
	cp scripts/republish $(DESTDIR)$(BINDIR)/crier-republish
	cp $(B)/libcrier.a $(DESTDIR)$(LIBDIR)/libcrier.a
	cp $(B)/libcrier.so $(DESTDIR)$(LIBDIR)/libcrier.so.$(SO_VERSION)
	ln -sf libcrier.so.$(SO_VERSION) $(DESTDIR)$(LIBDIR)/libcrier.so
	cp include/crier.h $(DESTDIR)$(INCLUDEDIR)/crier.h
	cp crier.pc $(DESTDIR)$(PKGCONFIGDIR)/crier.pc
	cp man/crier.1 $(DESTDIR)$(MANDIR)/man1/crier.1
	cp man/crier-records.5 $(DESTDIR)$(MANDIR)/man5/crier-records.5
	cp completion/crier.bash $(DESTDIR)$(BASHCOMPDIR)/crier
	cp completion/_crier $(DESTDIR)$(ZSHCOMPDIR)/_crier

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/crier $(DESTDIR)$(BINDIR)/crier-republish \
		$(DESTDIR)$(LIBDIR)/libcrier.a \
		$(DESTDIR)$(LIBDIR)/libcrier.so \
		$(DESTDIR)$(LIBDIR)/libcrier.so.$(SO_VERSION) \
		$(DESTDIR)$(INCLUDEDIR)/crier.h $(DESTDIR)$(PKGCONFIGDIR)/crier.pc \
		$(DESTDIR)$(MANDIR)/man1/crier.1 \
		$(DESTDIR)$(MANDIR)/man5/crier-records.5 \
		$(DESTDIR)$(BASHCOMPDIR)/crier $(DESTDIR)$(ZSHCOMPDIR)/_crier

clean:
	rm -rf build build-asan build-gcc build-clang build-fuzz public crier.pc

.PHONY: all check asan leakcheck fuzz fuzz-build fuzz-lib bench lint depcheck demo install uninstall clean
