-- bench/post.lua — the same durable POST on every request (a static wrk request):
-- BENCH_POST_PATH (e.g. /v1/payment_intents) with the form body BENCH_POST_BODY.
--
--   BENCH_POST_PATH=/v1/setup_intents BENCH_POST_BODY='confirm=true&payment_method=pm_card_visa' \
--     wrk ... -s bench/post.lua http://HOST:PORT

local key = os.getenv("BENCH_API_KEY") or "sk_test_bench_0123456789abcdef"
wrk.method = "POST"
wrk.path = assert(os.getenv("BENCH_POST_PATH"), "BENCH_POST_PATH is not set")
wrk.body = assert(os.getenv("BENCH_POST_BODY"), "BENCH_POST_BODY is not set")
wrk.headers["Authorization"] = "Bearer " .. key
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
