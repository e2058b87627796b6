# ecat: `make` builds, `make run` installs what is missing, builds and serves the
# demo, `make test` installs, builds and runs every test suite.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
DB         ?= var/demo.db
LISTEN     ?= 127.0.0.1:8080

.PHONY: all run test deps test-deps asan fuzz-build fuzz format lint bench bench-programme bench-cases bench-statistics clean web

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(BUILD)/build.ninja:
	meson setup $(BUILD)

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) -Db_sanitize=address,undefined -Db_lundef=false -Doptimization=1

$(FUZZ_BUILD)/build.ninja:
	CC=clang meson setup $(FUZZ_BUILD) -Dfuzz=true -Doptimization=1

asan: $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)

fuzz-build: $(FUZZ_BUILD)/build.ninja
	ninja -C $(FUZZ_BUILD)

deps:
	scripts/install-deps.sh

test-deps:
	scripts/install-deps.sh --test

web:
	scripts/build-web.sh $(BUILD)/web

run: deps
	$(MAKE) all web
	scripts/run.sh $(BUILD) $(DB) $(LISTEN)

test: test-deps
	$(MAKE) all asan fuzz-build web
	scripts/test.sh

fuzz: fuzz-build
	scripts/fuzz.sh $(FUZZ_BUILD) $${FUZZ_SECONDS:-60}

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

lint: all
	scripts/lint.sh $(BUILD)

bench: all
	bench/run.sh $(BUILD)

bench-programme: all
	bench/programme.sh $(BUILD)

bench-cases: all
	bench/cases.sh $(BUILD)

bench-statistics: all
	bench/statistics.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
