#!/usr/bin/env bash
# bench/run.sh BUILD_DIR — `make bench`: wrk against a fresh intentd on a temp database.
#
# Scenarios (wrk -t2 -c64, keep-alive, --latency, BENCH_SECONDS each):
#   GET  /healthz                     the HTTP ceiling; every other req/s is shown as a % of it
#   POST /v1/customers                durable creates, distinct email per request (create.lua)
#   POST /v1/customers + Idempotency-Key   the same, as Stripe SDKs send it
#   GET  /v1/customers/:id            cycles through 100 customers made with curl (retrieve.lua)
#   GET  /v1/customers?limit=10       first list page
# Payments (BENCH_PAYMENTS=1; bench/payments.sh, a fresh server/db): POST /v1/payment_intents
# with confirm=true&payment_method=pm_card_visa (post.lua), manual-capture create + capture
# pairs (pay_capture.lua), POST /v1/setup_intents with confirm=true, POST /v1/checkout/sessions
# in setup mode (post.lua), GET /v1/payment_intents/:id over 100 intents (retrieve.lua).
# Webhooks (BENCH_WEBHOOKS=1; bench/webhooks.sh, receiver bench/receiver.mjs): creates with 1 and
# 5 matching endpoints (fresh servers) against the 0-endpoint creates above, deliveries/s during
# the 1-endpoint run, and deliveries/s draining a backlog (the capacity figure).
# Scale (BENCH_SCALE=1): a second fresh server/db; list latency (first page and a page with
# starting_after deep in the set) at BENCH_SCALE_SMALL customers, then again after growing the
# same db through the API to BENCH_SCALE_N customers (which measures the sustained create
# rate), then the server's VmRSS/VmHWM.
#
# Environment:
#   BENCH_SECONDS=10          seconds per scenario
#   BENCH_THREADS=2           wrk threads        BENCH_CONNECTIONS=64  wrk connections
#   BENCH_SCALE=1             0 skips the scale section
#   BENCH_SCALE_N=1000000     customers to grow to     BENCH_SCALE_SMALL=10000  first measurement
#   BENCH_GROW_CHUNK=30       longest single wrk run while growing (seconds)
#   BENCH_PROBE_LIMIT=0.25    a scale list page slower than this (s) for one request is reported
#                             from 3 single requests instead of a c64 wrk run (which would time out)
#   BENCH_TMPDIR=$TMPDIR      where the temp dir (and databases) go; keep it on the real disk
#   BENCH_KEEP_DB=0           1 keeps the temp dir (databases, server logs) and prints its path
#   BENCH_WEBHOOKS=1          0 skips the webhook section (its other settings: bench/webhooks.sh)
#   BENCH_PAYMENTS=1          0 skips the payments section (bench/payments.sh)
#
# Output: a table on stdout; raw wrk outputs, server logs and the table in
# bench/results/<timestamp>/ (git-ignored).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_DIR=${1:-build}
BIN=$BUILD_DIR/intentd

SECS=${BENCH_SECONDS:-10}
T=${BENCH_THREADS:-2}
C=${BENCH_CONNECTIONS:-64}
SCALE=${BENCH_SCALE:-1}
SCALE_N=${BENCH_SCALE_N:-1000000}
SCALE_SMALL=${BENCH_SCALE_SMALL:-10000}
GROW_CHUNK=${BENCH_GROW_CHUNK:-30}
PROBE_LIMIT=${BENCH_PROBE_LIMIT:-0.25}
KEEP_DB=${BENCH_KEEP_DB:-0}
KEY=sk_test_bench_0123456789abcdef
export BENCH_API_KEY=$KEY
AUTH="Authorization: Bearer $KEY"

die() { echo "bench: $*" >&2; exit 1; }
is_uint() { [[ $1 =~ ^[0-9]+$ ]]; }
# shellcheck source=bench/webhooks.sh
source "$BENCH_DIR/webhooks.sh"
# shellcheck source=bench/payments.sh
source "$BENCH_DIR/payments.sh"

[[ -x $BIN ]] || die "no executable $BIN (run 'make build' or pass the build dir: bench/run.sh BUILD_DIR)"
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
command -v curl >/dev/null || die "curl not found (apt-get install curl)"
for v in SECS T C SCALE_N SCALE_SMALL GROW_CHUNK; do
  is_uint "${!v}" || die "$v must be a non-negative integer, got '${!v}'"
done
(( SECS > 0 && T > 0 && C >= T && GROW_CHUNK > 0 )) || die "bad BENCH_SECONDS/THREADS/CONNECTIONS/GROW_CHUNK"
webhooks_check
payments_check

TMP=$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}/intentd-bench.XXXXXX")
RESULTS=$BENCH_DIR/results/$(date +%Y%m%d-%H%M%S)
if [[ $SCALE != 0 ]]; then
  # A create writes ~20 KB of WAL today (and the WAL may not be checkpointed while running).
  need_kib=$((SCALE_N * 25)) free_kib=$(df -Pk "$TMP" | awk 'NR == 2 { print $4 }')
  (( free_kib > need_kib )) || echo "bench: warning: $TMP has $((free_kib / 1024)) MiB free;" \
    "growing to $SCALE_N customers may need ~$((need_kib / 1024)) MiB (BENCH_TMPDIR elsewhere?)" >&2
fi
mkdir -p "$RESULTS"
SUMMARY=$RESULTS/summary.txt

SERVER_PID=
SERVER_NAME=
BASE=
WRK_PID=

# stop_server [SECONDS]: SIGTERM, wait (default 60 s: the server checkpoints its WAL on the
# way out, which takes a while when it is big), then SIGKILL.
stop_server() {
  [[ -n $SERVER_PID ]] || return 0
  local pid=$SERVER_PID limit=${1:-60}
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq $((limit * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "bench: server $pid did not stop on SIGTERM within $limit s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
  SERVER_PID=
  [[ -f $TMP/$SERVER_NAME.log ]] && cp "$TMP/$SERVER_NAME.log" "$RESULTS/$SERVER_NAME-server.log"
  return 0
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $WRK_PID ]]; then
    kill -INT "$WRK_PID" 2>/dev/null || true
    wait "$WRK_PID" 2>/dev/null || true
  fi
  stop_server "$( ((rc == 0)) && echo 60 || echo 5)"
  stop_receiver
  if [[ $KEEP_DB == 1 ]]; then
    echo "bench: kept $TMP" >&2
  else
    rm -rf "$TMP"
  fi
  if [[ -n ${TEE_PID:-} ]]; then
    exec >&- 2>&-
    wait "$TEE_PID" 2>/dev/null || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'echo; echo "bench: interrupted" >&2; exit 130' INT
trap 'exit 143' TERM

# start_server NAME [SERVE-ARGS...]: a fresh server on $TMP/NAME.db; sets SERVER_PID and BASE.
start_server() {
  SERVER_NAME=$1
  local out=$TMP/$1.out log=$TMP/$1.log
  shift
  "$BIN" serve --listen 127.0.0.1:0 --db "$TMP/$SERVER_NAME.db" --api-key "$KEY" --log-level warn \
    "$@" >"$out" 2>"$log" &
  SERVER_PID=$!
  local addr=
  for _ in $(seq 300); do
    addr=$(sed -n 's|^intentd listening on http://\([^ ]*\).*|\1|p' "$out")
    [[ -n $addr ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$out" "$log" >&2; SERVER_PID=; die "server exited during start"; }
    sleep 0.1
  done
  [[ -n $addr ]] || { cat "$out" "$log" >&2; die "server not listening after 30 s"; }
  BASE=http://$addr
  curl -fsS "$BASE/healthz" >/dev/null || die "GET /healthz failed on $BASE"
}

# kib_of FIELD: a VmXXX value (kB) of the server from /proc/PID/status.
kib_of() { awk -v f="$1:" '$1 == f { print $2 }' "/proc/$SERVER_PID/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }

# create_customer EMAIL: prints the new customer's id.
create_customer() {
  local body
  body=$(curl -fsS -H "$AUTH" --data-urlencode "email=$1" -d "name=Bench Seed" "$BASE/v1/customers") ||
    die "POST /v1/customers failed: $body"
  grep -o '"id":"cus_[^"]*"' <<<"$body" | head -1 | cut -d'"' -f4
}

# ---- wrk runs and the table ------------------------------------------------------------
STEP=0
HEALTHZ_RPS=
ROWS=()        # "label|rps|p50|p99|note"
LAST_RAW=
W=44           # label column width

# parse_wrk FILE -> "rps p50_ms p99_ms requests non2xx socket_errors"
parse_wrk() {
  awk '
    function ms(v,   n, u) {
      n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
      if (u == "us") return n / 1000; if (u == "ms") return n
      if (u == "s") return n * 1000;  if (u == "m") return n * 60000
      if (u == "h") return n * 3600000; return n
    }
    /^ +50% / { p50 = ms($2) }
    /^ +99% / { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    / requests in / { req = $1 }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    /Socket errors:/ { gsub(",", ""); for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/) sock += $i }
    END { printf "%s %s %s %d %d %d\n", rps == "" ? "0" : rps, p50 == "" ? "-" : p50,
                 p99 == "" ? "-" : p99, req, bad, sock }
  ' "$1"
}

fmt_row() { # label rps p50 p99 note
  awk -v w="$W" -v l="$1" -v r="$2" -v a="$3" -v b="$4" -v n="$5" -v h="${HEALTHZ_RPS:-0}" '
    function num(x, f) { return (x == "-" || x == "") ? "-" : sprintf(f, x) }
    BEGIN {
      pct = (h > 0 && r != "-") ? sprintf("%.1f%%", 100 * r / h) : "-"
      printf "%-*s %10s %9s %9s %9s  %s\n", w, l, num(r, "%.0f"), num(a, "%.2f"), num(b, "%.2f"), pct, n
    }'
}
fmt_header() {
  printf "%-*s %10s %9s %9s %9s  %s\n" "$W" scenario "req/s" "p50 ms" "p99 ms" "%healthz" notes
  printf "%-*s %10s %9s %9s %9s  %s\n" "$W" "$(printf '%*s' "$W" '' | tr ' ' -)" ---------- \
    --------- --------- --------- -----
}
add_row() { ROWS+=("$1|$2|$3|$4|$5"); fmt_row "$@"; }
# row_field LABEL-PREFIX FIELD: a column (2 = req/s, 3 = p50) of the first matching row.
row_field() { # label-prefix field(2=rps,3=p50)
  local r
  for r in "${ROWS[@]}"; do [[ $r == "$1"* ]] && { cut -d'|' -f"$2" <<<"$r"; return; }; done
}

# run_wrk LABEL SLUG SECONDS WRK-ARGS... : runs wrk, saves its output, adds a table row.
# Sets R_RPS R_P50 R_P99 R_REQ R_BAD R_SOCK and LAST_RAW.
# WRK_T/WRK_C override -t/-c for one call.
run_wrk() {
  local label=$1 slug=$2 secs=$3; shift 3
  local t=${WRK_T:-$T} c=${WRK_C:-$C}
  STEP=$((STEP + 1))
  LAST_RAW=$RESULTS/$(printf '%02d' "$STEP")-$slug.txt
  echo "# $label: wrk -t$t -c$c -d${secs}s --latency --timeout 10s $*" >"$LAST_RAW"
  wrk -t"$t" -c"$c" -d"${secs}s" --latency --timeout 10s "$@" >>"$LAST_RAW" 2>&1 &
  WRK_PID=$!
  local rc=0
  wait "$WRK_PID" || rc=$?
  WRK_PID=
  (( rc == 0 )) || { cat "$LAST_RAW" >&2; die "wrk failed (exit $rc) for $label"; }
  read -r R_RPS R_P50 R_P99 _ R_BAD R_SOCK < <(parse_wrk "$LAST_RAW")
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$TMP/$SERVER_NAME.log" >&2; die "server died during $label"; }
}

errnote() { # non2xx sockerr
  local n=
  (( $1 > 0 )) && n+="non-2xx: $1 "
  (( $2 > 0 )) && n+="socket errors: $2"
  printf '%s' "$n"
}

scenario() { # LABEL SLUG WRK-ARGS...
  local label=$1 slug=$2; shift 2
  run_wrk "$label" "$slug" "$SECS" "$@"
  [[ $slug == healthz ]] && HEALTHZ_RPS=$R_RPS
  add_row "$label" "$R_RPS" "$R_P50" "$R_P99" "$(errnote "$R_BAD" "$R_SOCK")"
}

# ---- growing a database through the API ------------------------------------------------
HAVE=0              # customers in the scale db
GROW_RATE=2000      # creates/s estimate; sizes the next wrk run
GROW_CREATED=0 GROW_ELAPSED=0 GROW_P50_MAX=0 GROW_P99_MAX=0 GROW_BAD=0

# grow_to TARGET: POST customers (create.lua with a per-thread quota) until HAVE >= TARGET.
grow_to() {
  local target=$1
  while (( HAVE < target )); do
    local remaining=$((target - HAVE))
    local quota=$(( (remaining + T - 1) / T ))
    local secs
    secs=$(awk -v r="$remaining" -v rate="$GROW_RATE" -v max="$GROW_CHUNK" \
      'BEGIN { d = int(r / rate * 1.2) + 2; if (d > max) d = max; print d }')
    run_wrk "grow to $target" "grow-$HAVE" "$secs" -s "$BENCH_DIR/create.lua" \
      "$BASE/v1/customers" -- "g$HAVE" "$quota"
    local sent elapsed
    read -r sent elapsed < <(sed -n 's/^bench-creates: sent=\([0-9]*\) elapsed=\([0-9.]*\)$/\1 \2/p' "$LAST_RAW")
    [[ -n ${sent:-} ]] || { cat "$LAST_RAW" >&2; die "create.lua printed no summary"; }
    local created=$((sent - R_BAD))
    (( created > 0 )) || { cat "$LAST_RAW" >&2; die "growing the database created nothing"; }
    HAVE=$((HAVE + created))
    GROW_BAD=$((GROW_BAD + R_BAD))
    local rate
    rate=$(awk -v c="$created" -v e="$elapsed" 'BEGIN { printf "%.0f", (e > 0 ? c / e : 0) }')
    (( rate > 0 )) && GROW_RATE=$rate
    read -r GROW_CREATED GROW_ELAPSED GROW_P50_MAX GROW_P99_MAX < <(awk \
      -v c="$GROW_CREATED" -v e="$GROW_ELAPSED" -v a="$GROW_P50_MAX" -v b="$GROW_P99_MAX" \
      -v dc="$created" -v de="$elapsed" -v p50="$R_P50" -v p99="$R_P99" 'BEGIN {
        if (p50 != "-" && p50 + 0 > a) a = p50; if (p99 != "-" && p99 + 0 > b) b = p99
        print c + dc, e + de, a, b }')
    printf '  grown to %9d customers: +%d in %.1fs = %s creates/s, p50 %s ms, p99 %s ms %s\n' \
      "$HAVE" "$created" "$elapsed" "$rate" "$R_P50" "$R_P99" "$(errnote "$R_BAD" "$R_SOCK")"
  done
}

# probed_scenario LABEL SLUG URL: times 5 sequential single requests with curl first. When
# their median is above BENCH_PROBE_LIMIT seconds, a c64 run would only produce timeouts (and
# leave the server busy long after wrk stops), so the row shows those times instead. Otherwise
# a c64 run gives the row, and a one-connection run (wrk -t1 -c1) the unloaded latency.
# PROBE_MS[SLUG] keeps the unloaded p50: what the "same latency at 10k and 1M" target compares.
declare -A PROBE_MS=()
probed_scenario() {
  local label=$1 slug=$2 url=$3 times=() i t med max
  for i in 1 2 3 4 5; do
    t=$(curl -fsS -o /dev/null -w '%{time_total}' --max-time 300 -H "$AUTH" "$url") ||
      die "GET $url failed"
    times+=("$t")
  done
  read -r med max < <(printf '%s\n' "${times[@]}" | sort -g | awk '{ v[NR] = $1 * 1000 }
    END { printf "%.2f %.2f\n", v[3], v[5] }')
  PROBE_MS[$slug]=$med
  if awk -v m="$med" -v l="$PROBE_LIMIT" 'BEGIN { exit !(m > l * 1000) }'; then
    STEP=$((STEP + 1))
    echo "# $label: 5 sequential requests, seconds: ${times[*]}" \
      >"$RESULTS/$(printf '%02d' "$STEP")-$slug.txt"
    add_row "$label" - "$med" "$max" "wrk skipped: too slow for c$C; p50/p99 = median/max of 5 single requests"
  else
    WRK_T=1 WRK_C=1 run_wrk "$label (one connection)" "$slug-c1" "$SECS" -H "$AUTH" "$url"
    PROBE_MS[$slug]=$R_P50
    local c1="one connection: p50 $R_P50 ms, p99 $R_P99 ms"
    run_wrk "$label" "$slug" "$SECS" -H "$AUTH" "$url"
    add_row "$label" "$R_RPS" "$R_P50" "$R_P99" "$c1 $(errnote "$R_BAD" "$R_SOCK")"
  fi
}

list_at() { # N
  local n=$1
  probed_scenario "GET /v1/customers?limit=10 @ $n" "list-first-$n" "$BASE/v1/customers?limit=10"
  probed_scenario "  ...&starting_after=<deep> @ $n" "list-deep-$n" \
    "$BASE/v1/customers?limit=10&starting_after=$DEEP"
}

# ---- run ---------------------------------------------------------------------------------
{
  echo "intentd bench — $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "binary:  $BIN ($("$BIN" version 2>/dev/null | head -1 || true))"
  echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (wrk and server share the cores)"
  echo "wrk:     -t$T -c$C -d${SECS}s keep-alive; raw output in ${RESULTS#"$PWD"/}"
  echo
} | tee "$SUMMARY"

# Everything from here on also goes to summary.txt (tee ignores Ctrl-C so cleanup output lands).
exec > >(trap '' INT TERM; exec tee -a "$SUMMARY") 2>&1
TEE_PID=$!

start_server main
fmt_header

scenario "GET /healthz" healthz "$BASE/healthz"
scenario "POST /v1/customers" create -s "$BENCH_DIR/create.lua" "$BASE/v1/customers" -- main
scenario "POST /v1/customers + Idempotency-Key" create-idem -s "$BENCH_DIR/create.lua" \
  "$BASE/v1/customers" -- idem 0 idem

IDS=()
for i in $(seq 100); do IDS+=("$(create_customer "seed$i@example.com")"); done
for id in "${IDS[@]}"; do [[ -n $id ]] || die "could not create the 100 seed customers"; done
scenario "GET /v1/customers/:id" retrieve -s "$BENCH_DIR/retrieve.lua" "$BASE" -- "${IDS[@]}"
scenario "GET /v1/customers?limit=10" list -H "$AUTH" "$BASE/v1/customers?limit=10"

MAIN_RSS=$(kib_of VmRSS) MAIN_HWM=$(kib_of VmHWM)
stop_server
echo
echo "server RSS after the scenarios above: VmRSS $(mib "$MAIN_RSS"), VmHWM $(mib "$MAIN_HWM")"

payment_scenarios
webhook_scenarios

if [[ $SCALE != 0 ]]; then
  echo
  echo "scale: list latency at $SCALE_SMALL and $SCALE_N customers (one db, grown through the API)"
  start_server scale
  # 20 customers first: they stay the oldest, so the page after the 10th newest of them is
  # the deepest full page of the set. A second's pause keeps later customers strictly newer.
  for i in $(seq 20); do create_customer "deep$i@example.com" >/dev/null; done
  HAVE=20
  DEEP=$(curl -fsS -H "$AUTH" "$BASE/v1/customers?limit=20" | grep -o '"id":"cus_[^"]*"' |
    sed -n 10p | cut -d'"' -f4)
  [[ -n $DEEP ]] || die "could not list the seed customers"
  sleep 1.1
  GROW_RATE=$(awk -v r="$(row_field "POST /v1/customers|" 2)" 'BEGIN { r = int(r); print (r > 100 ? r : 2000) }')

  grow_to "$SCALE_SMALL"
  fmt_header
  list_at "$SCALE_SMALL"
  page=$(curl -fsS -H "$AUTH" "$BASE/v1/customers?limit=10&starting_after=$DEEP")
  n=$(grep -o '"object":"customer"' <<<"$page" | wc -l)
  (( n == 10 )) || echo "bench: warning: the deep page has $n customers, expected 10" >&2

  if (( SCALE_N > HAVE )); then
    GROW_CREATED=0 GROW_ELAPSED=0 GROW_P50_MAX=0 GROW_P99_MAX=0 GROW_BAD=0
    t0=$(date +%s)
    grow_to "$SCALE_N"
    t1=$(date +%s)
    sustained=$(awk -v c="$GROW_CREATED" -v e="$GROW_ELAPSED" 'BEGIN { printf "%.0f", (e > 0 ? c / e : 0) }')
    fmt_header
    add_row "POST /v1/customers sustained, to $HAVE" "$sustained" "$GROW_P50_MAX" "$GROW_P99_MAX" \
      "p50/p99: worst wrk run; $((t1 - t0))s wall $(errnote "$GROW_BAD" 0)"
    list_at "$HAVE"
  fi
  SCALE_RSS=$(kib_of VmRSS) SCALE_HWM=$(kib_of VmHWM)
  DB_BYTES=$(stat -c %s "$TMP/scale.db") WAL_BYTES=$(stat -c %s "$TMP/scale.db-wal" 2>/dev/null || echo 0)
  echo
  echo "server RSS after $HAVE customers: VmRSS $(mib "$SCALE_RSS"), VmHWM $(mib "$SCALE_HWM");" \
    "database $(mib $((DB_BYTES / 1024))), WAL $(mib $((WAL_BYTES / 1024)))"
  stop_server
fi

# ---- summary -----------------------------------------------------------------------------
echo
echo "summary"
fmt_header
for r in "${ROWS[@]}"; do
  IFS='|' read -r l a b c n <<<"$r"
  fmt_row "$l" "$a" "$b" "$c" "$n"
done
echo "server RSS (scenarios): VmRSS $(mib "$MAIN_RSS"), VmHWM $(mib "$MAIN_HWM")"
[[ -n ${SCALE_RSS:-} ]] &&
  echo "server RSS ($HAVE customers): VmRSS $(mib "$SCALE_RSS"), VmHWM $(mib "$SCALE_HWM")"

# Targets from the issue (indicative only: other work may share this machine).
verdict() { awk -v x="$1" -v op="$2" -v y="$3" 'BEGIN {
  ok = (op == ">=") ? (x + 0 >= y + 0) : (x + 0 <= y + 0); print ok ? "ok  " : "MISS" }'; }
echo
echo "targets"
creates=$(row_field "POST /v1/customers|" 2)
printf '  %s durable creates >= 10000/s: %.0f/s\n' "$(verdict "$creates" ">=" 10000)" "$creates"
retr=$(awk -v r="$(row_field "GET /v1/customers/:id|" 2)" -v h="$HEALTHZ_RPS" 'BEGIN { printf "%.1f", (h > 0 ? 100 * r / h : 0) }')
printf '  %s retrieve >= 50%% of /healthz: %s%%\n' "$(verdict "$retr" ">=" 50)" "$retr"
payment_targets
webhook_targets
if [[ -n ${SCALE_RSS:-} ]]; then
  printf '  %s RSS <= 256 MiB after %d customers: VmHWM %s\n' \
    "$(verdict "$SCALE_HWM" "<=" $((256 * 1024)))" "$HAVE" "$(mib "$SCALE_HWM")"
  if (( HAVE > SCALE_SMALL )); then
    for kind in first deep; do
      small=${PROBE_MS[list-$kind-$SCALE_SMALL]} big=${PROBE_MS[list-$kind-$HAVE]}
      ratio=$(awk -v a="$small" -v b="$big" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')
      printf '  %s list %s page, p50 on one connection: %s ms at %d, %s ms at %d (x%s; <= 1.5 counts as the same)\n' \
        "$(verdict "$ratio" "<=" 1.5)" "$kind" "$small" "$SCALE_SMALL" "$big" "$HAVE" "$ratio"
    done
  fi
fi
