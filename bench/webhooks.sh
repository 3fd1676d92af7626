# shellcheck shell=bash
# bench/webhooks.sh — sourced by bench/run.sh: creates with matching webhook endpoints, and
# webhook deliveries per second, against the local receiver bench/receiver.mjs (node).
#
# Uses run.sh's helpers (start_server, stop_server, run_wrk, add_row, row_field, errnote, die)
# and its settings (BIN, BASE, AUTH, SECS, T, C, TMP, RESULTS, BENCH_DIR).
#
# Scenarios (each server fresh, on its own db; endpoints made with curl, url = the receiver,
# enabled_events[]=customer.created, so every create is delivered once per endpoint):
#   POST /v1/customers, N matching endpoints  N = 1 and 5; the note compares creates/s with the
#       0-endpoint "POST /v1/customers" row of the same run (target: <= 15% fewer with 1).
#   deliveries/s during that run              receiver POSTs per second while wrk creates (N
#       per create). With 1 endpoint the bench then waits for the rest and says how many were
#       delivered after wrk stopped and when the last one came; with 5 it only estimates what
#       was still queued.
#   deliveries/s draining a backlog           the capacity figure (target: >= 5,000 events/s),
#       on the 1-endpoint server after its run. See webhook_backlog for the method.
#
# Environment:
#   BENCH_WEBHOOKS=1                  0 skips this section
#   BENCH_WEBHOOK_BACKLOG=20000       events queued for the backlog drain
#   BENCH_WEBHOOK_HOLD_MAX=8          longest (s) the backlog may take to queue; the first
#                                     deliveries wait that long for their answers, and intentd
#                                     gives a delivery 20 s in all
#   BENCH_WEBHOOK_DRAIN_TIMEOUT=120   longest wait (s) for the deliveries to drain
#
# The webhook servers run with --webhook-retry-schedule 1s,2s,4s,8s,16s: nothing should fail
# against the receiver, but if something does, it shows as duplicates (receiver count >
# distinct event ids) a second later instead of as a drain stalled for the default minute.

WEBHOOKS=${BENCH_WEBHOOKS:-1}
WH_BACKLOG=${BENCH_WEBHOOK_BACKLOG:-20000}
WH_HOLD_MAX=${BENCH_WEBHOOK_HOLD_MAX:-8}
WH_DRAIN_TIMEOUT=${BENCH_WEBHOOK_DRAIN_TIMEOUT:-120}
WH_RETRY=1s,2s,4s,8s,16s

RECV_PID=
RECV_URL=
WH_LOG=          # receiver stats at each step, in the results dir
# Results for the targets (empty: not measured).
WH_BASE_RPS='' WH_RPS1='' WH_DROP1='' WH_DRAIN_RATE='' WH_DRAIN_NOTE='' WH_DRAINED=0

webhooks_check() {
  [[ $WEBHOOKS == 0 ]] && return 0
  command -v node >/dev/null || die "node not found (needed for bench/receiver.mjs; BENCH_WEBHOOKS=0 skips)"
  local v
  for v in WH_BACKLOG WH_HOLD_MAX WH_DRAIN_TIMEOUT; do
    is_uint "${!v}" || die "$v must be a non-negative integer, got '${!v}'"
  done
  (( WH_BACKLOG > 0 && WH_HOLD_MAX > 0 && WH_HOLD_MAX < 18 )) ||
    die "BENCH_WEBHOOK_BACKLOG must be > 0 and BENCH_WEBHOOK_HOLD_MAX 1..17"
}

# ---- the receiver ------------------------------------------------------------------------
start_receiver() {
  local out=$TMP/receiver.out
  node "$BENCH_DIR/receiver.mjs" >"$out" 2>"$TMP/receiver.log" &
  RECV_PID=$!
  for _ in $(seq 100); do
    RECV_URL=$(sed -n 's|^receiver listening on \(http://[^ ]*\).*|\1|p' "$out")
    [[ -n $RECV_URL ]] && break
    kill -0 "$RECV_PID" 2>/dev/null || { cat "$TMP/receiver.log" >&2; RECV_PID=; die "receiver exited during start"; }
    sleep 0.1
  done
  [[ -n $RECV_URL ]] || die "receiver not listening after 10 s"
  WH_LOG=$RESULTS/webhooks-receiver.txt
  : >"$WH_LOG"
}

stop_receiver() {
  [[ -n $RECV_PID ]] || return 0
  kill -TERM "$RECV_PID" 2>/dev/null || true
  wait "$RECV_PID" 2>/dev/null || true
  RECV_PID=
  [[ -s $TMP/receiver.log ]] && cp "$TMP/receiver.log" "$RESULTS/receiver.log"
  return 0
}

# recv STEP [count|hold|release]: asks the receiver; sets RS_COUNT (POSTs received), RS_UNIQUE
# (distinct event ids), RS_UNSIGNED, RS_CONN (connections that carried deliveries), RS_LAST,
# RS_NOW, RS_RELEASED (ms on the receiver's clock: latest POST, now, last release) and
# RS_RELEASED_N (POSTs that release answered), RS_CPU (ms of CPU the receiver has used).
recv() {
  local step=$1 what=${2:-count} body
  body=$(curl -fsS -X POST "$RECV_URL/$what") || die "receiver: /$what failed"
  echo "$step: $body" >>"$WH_LOG"
  read -r RS_COUNT RS_UNIQUE RS_UNSIGNED RS_CONN RS_LAST RS_NOW RS_RELEASED RS_RELEASED_N RS_CPU < <(awk -v s="$body" '
    BEGIN {
      gsub(/[{}" \n]/, "", s); n = split(s, kv, ",")
      for (i = 1; i <= n; i++) { split(kv[i], p, ":"); v[p[1]] = p[2] }
      print v["count"], v["unique"], v["unsigned"], v["connections"], v["last_ms"],
            v["now_ms"], v["released_ms"], v["released"], v["cpu_ms"]
    }')
}

# ---- the server side ---------------------------------------------------------------------
create_endpoints() { # N: N endpoints for customer.created, all pointing at the receiver
  local i body
  for i in $(seq "$1"); do
    body=$(curl -fsS -H "$AUTH" -d "url=$RECV_URL/hooks/$i" -d "enabled_events[]=customer.created" \
      "$BASE/v1/webhook_endpoints") || die "POST /v1/webhook_endpoints failed: $body"
    [[ $body == *'"id":"we_'* ]] || die "POST /v1/webhook_endpoints answered: $body"
  done
}

# no_pending: true when no event waits for a delivery (pending_webhooks is 0 everywhere).
no_pending() {
  local page
  page=$(curl -fsS -H "$AUTH" "$BASE/v1/events?delivery_success=false&limit=1") ||
    die "GET /v1/events?delivery_success=false failed"
  [[ $page == *'"data":[]'* ]]
}

# wait_drained STEP: waits (at most BENCH_WEBHOOK_DRAIN_TIMEOUT s) until no event is pending
# delivery and the receiver's count has stopped moving. The server lowers pending_webhooks
# only after the receiver's 200 came back, so "none pending" means the receiver has them all;
# the short waits cover creates wrk left in flight, which commit (and queue their deliveries)
# just after wrk exits. Leaves RS_* from the last poll, and WD_SETTLED_AT: the receiver's
# clock just after the first poll that found nothing pending (an upper bound on when the
# server had recorded every outcome) and WD_SETTLED_CPU, the receiver's CPU time then;
# returns 1 on timeout.
wait_drained() {
  local step=$1 last=-1 deadline=$((SECONDS + WH_DRAIN_TIMEOUT))
  WD_SETTLED_AT='' WD_SETTLED_CPU=''
  sleep 0.3
  while (( SECONDS < deadline )); do
    if no_pending; then
      recv "$step"
      (( RS_COUNT == last )) && return 0
      last=$RS_COUNT WD_SETTLED_AT=$RS_NOW WD_SETTLED_CPU=$RS_CPU
      sleep 0.3
    else
      last=-1
      sleep 0.1
    fi
  done
  recv "$step (timed out)"
  return 1
}

# rate N MS: N per second over MS milliseconds.
rate() { awk -v n="$1" -v ms="$2" 'BEGIN { printf "%.0f", (ms > 0 ? n * 1000 / ms : 0) }'; }

# dup_note: what the receiver saw that it should not have.
dup_note() {
  local n=
  (( RS_COUNT > RS_UNIQUE )) && n+=" duplicates: $((RS_COUNT - RS_UNIQUE)) (retried?)"
  (( RS_UNSIGNED > 0 )) && n+=" unsigned: $RS_UNSIGNED"
  printf '%s' "$n"
}

# drop_note RPS: the create rate against the 0-endpoint row of this run.
drop_note() {
  awk -v r="$1" -v b="$WH_BASE_RPS" 'BEGIN {
    if (b <= 0) { print "no 0-endpoint figure"; exit }
    d = 100 * (b - r) / b
    printf "%s%.1f%% creates/s vs 0 endpoints (%.0f/s)", (d >= 0 ? "-" : "+"), (d >= 0 ? d : -d), b }'
}

# endpoints_scenario N: a fresh server with N endpoints, and the create row; sets WH_RPS, and
# WH_C0/WH_T0 and WH_C1/WH_T1 (receiver count and clock just before and just after wrk).
# Leaves the server running.
endpoints_scenario() {
  local n=$1 s=s label
  (( n == 1 )) && s=
  label="POST /v1/customers, $n matching endpoint$s"
  start_server "webhooks-$n" --webhook-retry-schedule "$WH_RETRY"
  create_endpoints "$n"
  recv "$n endpoint$s: before wrk"
  WH_C0=$RS_COUNT WH_T0=$RS_NOW
  local cpu0=$RS_CPU
  run_wrk "$label" "create-$n-endpoints" "$SECS" -s "$BENCH_DIR/create.lua" "$BASE/v1/customers" -- "we$n"
  recv "$n endpoint$s: after wrk"
  WH_C1=$RS_COUNT WH_T1=$RS_NOW
  local note
  # The receiver shares the machine with wrk and the server; its CPU comes out of theirs.
  note="$(drop_note "$R_RPS"); receiver busy $(awk -v c="$RS_CPU" -v c0="$cpu0" -v a="$WH_T1" \
    -v b="$WH_T0" 'BEGIN { printf "%.0f", (a > b ? 100 * (c - c0) / (a - b) : 0) }')% of a core"
  note+=" $(errnote "$R_BAD" "$R_SOCK")"
  add_row "$label" "$R_RPS" "$R_P50" "$R_P99" "${note% }"
  WH_RPS=$R_RPS
}

# webhook_backlog: deliveries per second with nothing else going on.
#
# Method. Delivery capacity cannot be read off a create run: there deliveries can go no
# faster than events appear, and the creates compete with them for the same cores and the
# same writer. So a backlog is queued first and then timed as it drains:
#   1. the receiver is told to hold: it still accepts and counts every POST but answers none.
#      intentd then has its bounded number of deliveries in flight, waiting, and every further
#      event waits in the outbox (the jobs table) — durable, exactly as after a receiver
#      outage;
#   2. wrk creates BENCH_WEBHOOK_BACKLOG customers (create.lua with a quota; at most
#      BENCH_WEBHOOK_HOLD_MAX seconds, well inside intentd's 20 s delivery timeout);
#   3. the receiver is released (answers the held POSTs, then answers at once again), and
#      wait_drained waits until no event is pending delivery.
# deliveries/s = POSTs the receiver got since the hold (the held ones included: they too
# completed after the release) / (receiver clock of the last POST - receiver clock of the
# release). Both times come from the receiver's own clock, so the bench's polling interval does
# not enter the figure; the server-side bookkeeping lag (pending_webhooks reaching 0 after the
# last 200) is shown in the note.
webhook_backlog() {
  local quota=$(( (WH_BACKLOG + T - 1) / T )) ch sent settle_ms hold_secs
  # wrk runs for all of -d even once the quota is sent: size it from the 1-endpoint create
  # rate (x1.5, +2 s), capped by BENCH_WEBHOOK_HOLD_MAX.
  hold_secs=$(awk -v k="$WH_BACKLOG" -v r="$WH_RPS1" -v max="$WH_HOLD_MAX" \
    'BEGIN { d = (r > 0 ? int(k / r * 1.5) + 2 : max); print (d < max ? d : max) }')
  recv "backlog: hold" hold
  ch=$RS_COUNT
  local conn0=$RS_CONN
  run_wrk "queue a backlog of $WH_BACKLOG events" "webhook-backlog" "$hold_secs" \
    -s "$BENCH_DIR/create.lua" "$BASE/v1/customers" -- backlog "$quota"
  sent=$(sed -n 's/^bench-creates: sent=\([0-9]*\) .*/\1/p' "$LAST_RAW")
  local bad=$R_BAD
  sleep 0.3  # creates wrk left in flight commit
  recv "backlog: release" release
  local released=$RS_RELEASED held=$RS_RELEASED_N cpu0=$RS_CPU
  local drained=1
  wait_drained "backlog: drained" || drained=0
  local delivered=$((RS_COUNT - ch)) conns=$((RS_CONN - conn0))
  local ms
  ms=$(awk -v a="$RS_LAST" -v b="$released" 'BEGIN { printf "%.1f", a - b }')
  settle_ms=$(awk -v a="${WD_SETTLED_AT:-$RS_NOW}" -v b="$RS_LAST" 'BEGIN { printf "%.0f", a - b }')
  WH_DRAIN_RATE=$(rate "$delivered" "$ms")
  # The receiver's share of one core from the release until nothing was pending.
  local busy
  busy=$(awk -v c="${WD_SETTLED_CPU:-$RS_CPU}" -v c0="$cpu0" -v now="${WD_SETTLED_AT:-$RS_NOW}" -v r="$released" \
    'BEGIN { printf "%.0f", (now > r ? 100 * (c - c0) / (now - r) : 0) }')
  WH_DRAINED=$drained
  if (( drained )); then
    WH_DRAIN_NOTE="$delivered in $(awk -v m="$ms" 'BEGIN { printf "%.2f", m / 1000 }') s from the release ($held had been held)"
    if (( delivered != ${sent:-0} - bad )); then WH_DRAIN_NOTE+=" of ${sent:-?} creates sent"; fi
    if (( bad > 0 )); then WH_DRAIN_NOTE+=", $bad non-2xx"; fi
    WH_DRAIN_NOTE+="; $conns new connections; receiver ${busy}% of a core; settled <= ${settle_ms} ms after the last$(dup_note)"
  else
    WH_DRAIN_NOTE="NOT drained within ${WH_DRAIN_TIMEOUT}s: $delivered of ${sent:-?} delivered; rate over what arrived$(dup_note)"
  fi
}

# webhook_scenarios: the section, called by run.sh after the main scenarios.
webhook_scenarios() {
  [[ $WEBHOOKS == 0 ]] && return 0
  WH_BASE_RPS=$(row_field "POST /v1/customers|" 2)
  start_receiver
  echo
  echo "webhooks: creates with matching endpoints; deliveries to bench/receiver.mjs (node, same machine)"
  fmt_header

  # 1 endpoint: the create row, deliveries during that run (then waits for the rest), and the
  # backlog drain on the same server.
  endpoints_scenario 1
  WH_RPS1=$WH_RPS
  WH_DROP1=$(awk -v r="$WH_RPS1" -v b="$WH_BASE_RPS" 'BEGIN { printf "%.1f", (b > 0 ? 100 * (b - r) / b : 0) }')
  local during=$((WH_C1 - WH_C0)) during_ms note
  during_ms=$(awk -v a="$WH_T1" -v b="$WH_T0" 'BEGIN { print a - b }')
  if wait_drained "1 endpoint: drained"; then
    local events=$((RS_COUNT - WH_C0)) tail_ms
    tail_ms=$(awk -v a="$RS_LAST" -v b="$WH_T1" 'BEGIN { t = a - b; printf "%.0f", (t > 0 ? t : 0) }')
    if (( events > during )); then
      note="$events events; $((events - during)) delivered after wrk stopped, the last +${tail_ms} ms later"
    else
      note="$events events, all delivered by the time wrk stopped"
    fi
    note+=$(dup_note)
  else
    note="NOT drained within ${WH_DRAIN_TIMEOUT}s after the run: $((RS_COUNT - WH_C0)) delivered$(dup_note)"
  fi
  add_row "  webhook deliveries/s during that run" "$(rate "$during" "$during_ms")" - - "$note"
  webhook_backlog
  add_row "webhook deliveries/s, draining a backlog" "$WH_DRAIN_RATE" - - "$WH_DRAIN_NOTE"
  stop_server

  # 5 endpoints: the create row, and how far deliveries (5 per create) kept up during it. The
  # queue left is not waited for: the server stops with it (it would be delivered on restart).
  endpoints_scenario 5
  local sent
  sent=$(sed -n 's/^bench-creates: sent=\([0-9]*\) .*/\1/p' "$LAST_RAW")
  add_row "  webhook deliveries/s during that run" "$(rate "$((WH_C1 - WH_C0))" \
    "$(awk -v a="$WH_T1" -v b="$WH_T0" 'BEGIN { print a - b }')")" - - \
    "5 per create: ~$((5 * (${sent:-0} - R_BAD) - (WH_C1 - WH_C0))) still queued when wrk stopped (not waited for)"
  stop_server
  stop_receiver
}

# webhook_targets: the two targets from the issue, for the targets section.
webhook_targets() {
  [[ -n $WH_RPS1 ]] || return 0
  printf '  %s creates with 1 matching endpoint <= 15%% fewer than with none: %.0f/s vs %.0f/s (%s%%)\n' \
    "$(verdict "$WH_DROP1" "<=" 15)" "$WH_RPS1" "$WH_BASE_RPS" \
    "$(awk -v d="$WH_DROP1" 'BEGIN { printf (d >= 0 ? "-%.1f" : "+%.1f"), (d >= 0 ? d : -d) }')"
  if (( WH_DRAINED )); then
    printf '  %s webhook deliveries >= 5000 events/s: %s/s draining a backlog\n' \
      "$(verdict "$WH_DRAIN_RATE" ">=" 5000)" "$WH_DRAIN_RATE"
  else
    printf '  MISS webhook deliveries >= 5000 events/s: the backlog did not drain (%s/s while it lasted)\n' \
      "$WH_DRAIN_RATE"
  fi
}
