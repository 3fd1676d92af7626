# intentd: `make run` serves on 127.0.0.1:12111; `make test` builds and runs every test.
BUILD_DIR ?= build
JOBS ?= 2
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: all deps build run test unit-test sdk-test bench clean format

all: build

deps:
	@./scripts/install-deps.sh

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS)

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j$(JOBS)

run: build
	./$(BUILD_DIR)/intentd serve --listen 127.0.0.1:12111 --db intentd.db

test: build
	./scripts/test.sh $(BUILD_DIR)

bench: build
	./bench/run.sh $(BUILD_DIR)

format:
	clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h')

clean:
	rm -rf $(BUILD_DIR)
