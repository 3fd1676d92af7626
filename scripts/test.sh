#!/usr/bin/env bash
# Runs every test: GoogleTest units, the stripe-node and stripe-python SDK suites against a
# real intentd (the node suite includes the 3-D Secure page driven in Debian's headless chromium,
# browser_*.test.mjs), the adversarial-input suite (tests/adversarial, node --test with the
# stripe-node harness), and the kill -9 durability tests. Usage: scripts/test.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
export INTENTD_BIN="$PWD/$build_dir/intentd"

echo "== unit tests (GoogleTest)"
ctest --test-dir "$build_dir" --output-on-failure -j2

echo "== stripe-node SDK tests (and browser tests in headless chromium)"
(
  cd tests/sdk/node
  npm ci --no-audit --no-fund --loglevel=error
  node --test --test-concurrency=2 ./*.test.mjs
)

echo "== stripe-python SDK tests (Debian python3-stripe)"
/usr/bin/python3 -m unittest discover -s tests/sdk/python -p 'test_*.py'

echo "== adversarial input (malformed, oversized, slow; every stored object still reads back)"
# The harness and its node_modules (installed above) are tests/sdk/node's.
node --test --test-concurrency=2 tests/adversarial/*.test.mjs

echo "== durability (kill -9 under write load)"
/usr/bin/python3 tests/durability/kill9_test.py

echo "== durability (three kill -9 cycles under mixed payment load, with webhooks)"
/usr/bin/python3 tests/durability/crash_cycles_test.py

echo "== all tests passed"
