# lede: GNU Make with pkg-config.
#
#   make                 liblede.a, liblede.so and the lede binary in build/
#   make check           every test (unit, CLI, fuzz corpora replay)
#   make SANITIZE=1 check   the same under AddressSanitizer + UBSan (in build-san/)
#   make install PREFIX=/usr/local DESTDIR=
#   make fuzz            libFuzzer targets (clang) in build-fuzz/

PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc
PKG_CONFIG ?= pkg-config
PACKAGES := sqlite3 libxml-2.0 jansson libzstd libxxhash libutf8proc libexttextcat zlib

ifeq ($(SANITIZE),1)
BUILD ?= build-san
SANITIZER_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
OPTIMIZE ?= -O1
else
BUILD ?= build
SANITIZER_FLAGS :=
OPTIMIZE ?= -O2
endif

WARNINGS := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-missing-field-initializers
CFLAGS ?= $(OPTIMIZE) -g
ALL_CFLAGS := -std=c17 -D_GNU_SOURCE -fPIC $(WARNINGS) $(SANITIZER_FLAGS) $(CFLAGS) \
	-Iinclude -Isrc $(shell $(PKG_CONFIG) --cflags $(PACKAGES))
LIBS := $(shell $(PKG_CONFIG) --libs $(PACKAGES)) -lstemmer -lpthread -lm
ALL_LDFLAGS := $(SANITIZER_FLAGS) $(LDFLAGS)

LIB_SOURCES := $(sort $(shell find src -name '*.c' -not -path 'src/cli/*' -not -path 'src/server/*'))
CLI_SOURCES := $(sort $(wildcard src/cli/*.c))
SERVER_SOURCES := $(sort $(wildcard src/server/*.c))
WEB_FILES := $(sort $(wildcard web/*.css web/*.js))
TEST_SOURCES := $(sort $(wildcard tests/unit/test_*.c))

LIB_OBJECTS := $(LIB_SOURCES:%.c=$(BUILD)/%.o)
CLI_OBJECTS := $(CLI_SOURCES:%.c=$(BUILD)/%.o)
SERVER_OBJECTS := $(SERVER_SOURCES:%.c=$(BUILD)/%.o) $(BUILD)/web_assets.o
SERVER_LIBS := $(shell $(PKG_CONFIG) --libs libmicrohttpd)
TEST_BINARIES := $(TEST_SOURCES:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_TARGETS := $(basename $(notdir $(filter-out fuzz/replay.c,$(wildcard fuzz/*.c))))
FUZZ_REPLAYS := $(FUZZ_TARGETS:%=$(BUILD)/fuzz-replay/%)

.PHONY: all check install uninstall clean header-check fuzz
all: $(BUILD)/liblede.a $(BUILD)/liblede.so $(BUILD)/lede header-check

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/liblede.a: $(LIB_OBJECTS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/liblede.so: $(LIB_OBJECTS)
	$(CC) -shared -Wl,-soname,liblede.so.0 $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

# The command and the server see only include/lede.h (and their own headers).
$(CLI_OBJECTS) $(SERVER_OBJECTS): ALL_CFLAGS += -Isrc/server $(shell $(PKG_CONFIG) --cflags libmicrohttpd)

# web/ files become C arrays linked into the binary.
$(BUILD)/embed: scripts/embed.c
	@mkdir -p $(BUILD)
	$(CC) -std=c17 -O1 -Wall -Wextra -Werror -o $@ $<
$(BUILD)/web_assets.c: $(WEB_FILES) $(BUILD)/embed
	$(BUILD)/embed $@ $(WEB_FILES)
$(BUILD)/web_assets.o: $(BUILD)/web_assets.c
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -c $< -o $@

$(BUILD)/lede: $(CLI_OBJECTS) $(SERVER_OBJECTS) $(BUILD)/liblede.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJECTS) $(SERVER_OBJECTS) $(BUILD)/liblede.a $(LIBS) $(SERVER_LIBS)

# The public header stands alone under strict C17.
header-check: $(BUILD)/header-check.stamp
$(BUILD)/header-check.stamp: include/lede.h
	@mkdir -p $(BUILD)
	$(CC) -std=c17 -pedantic -Wall -Wextra -Werror -fsyntax-only -x c include/lede.h
	@touch $@

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/liblede.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(shell $(PKG_CONFIG) --cflags cmocka) -o $@ $< $(BUILD)/liblede.a \
		$(ALL_LDFLAGS) $(LIBS) $(shell $(PKG_CONFIG) --libs cmocka)

# Each fuzz target linked with a main that replays its corpus (no libFuzzer needed).
$(BUILD)/fuzz-replay/%: fuzz/%.c fuzz/replay.c $(BUILD)/liblede.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< fuzz/replay.c $(BUILD)/liblede.a $(ALL_LDFLAGS) $(LIBS)

# The HTTP request target also links the server's request handling: everything in
# src/server but serve.c (the libmicrohttpd glue), and the embedded web/ files.
SERVER_REQUEST_OBJECTS := $(filter-out $(BUILD)/src/server/serve.o,$(SERVER_OBJECTS))
$(BUILD)/fuzz-replay/http_request: fuzz/http_request.c fuzz/replay.c $(SERVER_REQUEST_OBJECTS) $(BUILD)/liblede.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< fuzz/replay.c $(SERVER_REQUEST_OBJECTS) $(BUILD)/liblede.a \
		$(ALL_LDFLAGS) $(LIBS)

check: all $(TEST_BINARIES) $(FUZZ_REPLAYS)
	@BUILD=$(BUILD) bash tests/run.sh

fuzz:
	$(MAKE) -C fuzz

$(BUILD)/lede.pc: lede.pc.in include/lede.h
	@mkdir -p $(BUILD)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(shell sed -n 's/^#define LEDE_VERSION "\(.*\)"/\1/p' include/lede.h)|g' \
		-e 's|@REQUIRES@|$(PACKAGES)|g' $< > $(BUILD)/lede.pc

install: all $(BUILD)/lede.pc
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
		$(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/lede $(DESTDIR)$(PREFIX)/bin/lede
	install -m 644 $(BUILD)/liblede.a $(DESTDIR)$(PREFIX)/lib/liblede.a
	install -m 755 $(BUILD)/liblede.so $(DESTDIR)$(PREFIX)/lib/liblede.so.0
	ln -sf liblede.so.0 $(DESTDIR)$(PREFIX)/lib/liblede.so
	install -m 644 include/lede.h $(DESTDIR)$(PREFIX)/include/lede.h
	install -m 644 $(BUILD)/lede.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/lede.pc
	install -m 644 docs/lede.1 $(DESTDIR)$(PREFIX)/share/man/man1/lede.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/lede $(DESTDIR)$(PREFIX)/lib/liblede.a \
		$(DESTDIR)$(PREFIX)/lib/liblede.so $(DESTDIR)$(PREFIX)/lib/liblede.so.0 \
		$(DESTDIR)$(PREFIX)/include/lede.h $(DESTDIR)$(PREFIX)/lib/pkgconfig/lede.pc \
		$(DESTDIR)$(PREFIX)/share/man/man1/lede.1

clean:
	rm -rf build build-san build-fuzz

-include $(LIB_OBJECTS:.o=.d) $(CLI_OBJECTS:.o=.d) $(SERVER_OBJECTS:.o=.d)
