# shellcheck shell=bash
# bench/payments.sh — sourced by bench/run.sh: PaymentIntents with test cards, on a fresh
# server and database (so the customer runs before it do not weigh on it).
#
# Uses run.sh's helpers (start_server, stop_server, run_wrk, scenario, add_row, errnote,
# fmt_header, kib_of, mib, verdict, die) and its settings (BASE, AUTH, SECS, TMP, RESULTS,
# BENCH_DIR, HEALTHZ_RPS).
#
# Scenarios (wrk -t2 -c64 like the others):
#   POST /v1/payment_intents confirm=true      confirm=true&payment_method=pm_card_visa&
#       amount=2000&currency=usd (post.lua): each request creates a payment method, a
#       charge, a balance transaction and the intent, with their events, durably (target:
#       >= 5,000/s).
#   POST /v1/setup_intents confirm=true        confirm=true&payment_method=pm_card_visa
#       (post.lua): a payment method, the SetupIntent and its attempt, with their events
#       (target as for PaymentIntents: >= 5,000/s).
#   POST /v1/checkout/sessions mode=setup      mode=setup&currency=usd&success_url=... (post.lua):
#       the session, its SetupIntent, the expiry job (target: >= 5,000/s).
#   manual create + capture, pairs/s           pay_capture.lua: POST create with
#       capture_method=manual&confirm=true, then POST /v1/payment_intents/:id/capture on the
#       id it returned; the figure is completed pairs (captures answered succeeded) per
#       second. The %healthz column compares pairs/s; the note gives requests/s as well.
#   GET /v1/payment_intents/:id                cycles through 100 succeeded intents made with
#       curl (retrieve.lua; target: >= 50% of /healthz).
#
# Before the runs one create is made with curl and checked: status succeeded, and its
# payment_intent.succeeded event is in /v1/events (the creates measured write events).
#
# Environment:
#   BENCH_PAYMENTS=1          0 skips this section

PAYMENTS=${BENCH_PAYMENTS:-1}
PAY_BODY="confirm=true&payment_method=pm_card_visa&amount=2000&currency=usd"
SETUP_BODY="confirm=true&payment_method=pm_card_visa"
CHECKOUT_BODY="mode=setup&currency=usd&success_url=https%3A%2F%2Fexample.com%2Fsuccess%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%7D"
# Results for the targets (empty: not measured).
PAY_CREATE_RPS='' PAY_RETRIEVE_RPS='' PAY_PAIRS='' SETUP_CREATE_RPS='' CHECKOUT_CREATE_RPS=''

payments_check() {
  [[ $PAYMENTS == 0 || $PAYMENTS == 1 ]] || die "BENCH_PAYMENTS must be 0 or 1, got '$PAYMENTS'"
}

# json_field NAME: the first "NAME":"value" of the JSON on stdin.
json_field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }

# create_intent: a confirmed pm_card_visa payment; prints its id (dies unless it succeeded).
create_intent() {
  local body id
  body=$(curl -fsS -H "$AUTH" -d "$PAY_BODY" "$BASE/v1/payment_intents") ||
    die "POST /v1/payment_intents failed: $body"
  id=$(json_field id <<<"$body")
  [[ $id == pi_* && $body == *'"status":"succeeded"'* ]] ||
    die "POST /v1/payment_intents ($PAY_BODY) did not succeed: ${body:0:300}"
  echo "$id"
}

# pairs_row: the row for the create+capture run from pay_capture.lua's summary line.
pairs_row() {
  local line dur creates captures authorized captured other pending
  line=$(grep '^bench-pairs:' "$LAST_RAW") || { cat "$LAST_RAW" >&2; die "pay_capture.lua printed no summary"; }
  read -r creates captures authorized captured other pending < <(sed -E \
    's/^bench-pairs: creates=([0-9]+) captures=([0-9]+) authorized=([0-9]+) captured=([0-9]+) other=([0-9]+) pending=([0-9]+)$/\1 \2 \3 \4 \5 \6/' \
    <<<"$line")
  dur=$(awk '/ requests in / { v = $4; sub(/,$/, "", v); n = v + 0
    if (v ~ /ms$/) n /= 1000; else if (v ~ /m$/) n *= 60; else if (v ~ /h$/) n *= 3600; print n }' "$LAST_RAW")
  PAY_PAIRS=$(awk -v n="$captured" -v s="$dur" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
  local note
  note=$(awk -v r="$R_RPS" -v h="${HEALTHZ_RPS:-0}" 'BEGIN {
    printf "pairs/s; %.0f req/s (%.1f%% of /healthz), p50/p99 over both requests", r, (h > 0 ? 100 * r / h : 0) }')
  note+="; sent $creates creates, $captures captures"
  (( other > 0 )) && note+="; $other answers neither requires_capture nor succeeded (failed creates or captures)"
  (( authorized > captured + pending + C )) && note+="; only $captured of $authorized authorizations captured"
  note+=" $(errnote "$R_BAD" "$R_SOCK")"
  add_row "POST create + /capture (manual), pairs" "$PAY_PAIRS" "$R_P50" "$R_P99" "${note% }"
}

# payment_scenarios: the section, called by run.sh after the customer scenarios.
payment_scenarios() {
  [[ $PAYMENTS == 0 ]] && return 0
  echo
  echo "payments: PaymentIntents with pm_card_visa (a fresh server and db)"
  start_server payments
  local probe
  probe=$(create_intent)
  curl -fsS -H "$AUTH" "$BASE/v1/events?type=payment_intent.succeeded&limit=1" | grep -q "\"id\":\"$probe\"" ||
    die "no payment_intent.succeeded event for $probe"
  fmt_header

  BENCH_POST_PATH=/v1/payment_intents BENCH_POST_BODY=$PAY_BODY \
    scenario "POST /v1/payment_intents confirm=true" pay-create -s "$BENCH_DIR/post.lua" "$BASE"
  PAY_CREATE_RPS=$R_RPS
  run_wrk "manual create + capture pairs" pay-capture "$SECS" -s "$BENCH_DIR/pay_capture.lua" "$BASE"
  pairs_row

  BENCH_POST_PATH=/v1/setup_intents BENCH_POST_BODY=$SETUP_BODY \
    scenario "POST /v1/setup_intents confirm=true" setup-create -s "$BENCH_DIR/post.lua" "$BASE"
  SETUP_CREATE_RPS=$R_RPS
  BENCH_POST_PATH=/v1/checkout/sessions BENCH_POST_BODY=$CHECKOUT_BODY \
    scenario "POST /v1/checkout/sessions mode=setup" checkout-create -s "$BENCH_DIR/post.lua" "$BASE"
  CHECKOUT_CREATE_RPS=$R_RPS

  local ids=()
  for _ in $(seq 100); do ids+=("$(create_intent)"); done
  scenario "GET /v1/payment_intents/:id" pay-retrieve -s "$BENCH_DIR/retrieve.lua" "$BASE" -- "${ids[@]}"
  PAY_RETRIEVE_RPS=$R_RPS

  local rss hwm
  rss=$(kib_of VmRSS) hwm=$(kib_of VmHWM)
  stop_server
  echo
  echo "server RSS after the payment scenarios: VmRSS $(mib "$rss"), VmHWM $(mib "$hwm")"
}

# payment_targets: the payment targets, for the targets section.
payment_targets() {
  [[ -n $PAY_CREATE_RPS ]] || return 0
  printf '  %s durable PaymentIntent creates (confirm=true, pm_card_visa) >= 5000/s: %.0f/s\n' \
    "$(verdict "$PAY_CREATE_RPS" ">=" 5000)" "$PAY_CREATE_RPS"
  local pct
  pct=$(awk -v r="$PAY_RETRIEVE_RPS" -v h="$HEALTHZ_RPS" 'BEGIN { printf "%.1f", (h > 0 ? 100 * r / h : 0) }')
  printf '  %s PaymentIntent retrieve >= 50%% of /healthz: %s%%\n' "$(verdict "$pct" ">=" 50)" "$pct"
  printf '  info manual create + capture: %s pairs/s (no target)\n' "$PAY_PAIRS"
  printf '  %s durable SetupIntent creates (confirm=true, pm_card_visa) >= 5000/s: %.0f/s\n' \
    "$(verdict "$SETUP_CREATE_RPS" ">=" 5000)" "$SETUP_CREATE_RPS"
  printf '  %s durable Checkout Session creates (mode=setup) >= 5000/s: %.0f/s\n' \
    "$(verdict "$CHECKOUT_CREATE_RPS" ">=" 5000)" "$CHECKOUT_CREATE_RPS"
}
