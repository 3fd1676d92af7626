-- bench/pay_create.lua — POST /v1/payment_intents, confirmed at once with a test card:
-- confirm=true&payment_method=pm_card_visa&amount=2000&currency=usd. Each request is a
-- durable write of a payment method, a charge, a balance transaction, the intent and their
-- events (payment_intent.created, charge.succeeded, payment_intent.succeeded, ...).
--
--   wrk ... -s bench/pay_create.lua http://HOST:PORT
--
-- The request is the same every time, so it is built once (a static wrk request).

local key = os.getenv("BENCH_API_KEY") or "sk_test_bench_0123456789abcdef"
wrk.method = "POST"
wrk.path = "/v1/payment_intents"
wrk.body = "confirm=true&payment_method=pm_card_visa&amount=2000&currency=usd"
wrk.headers["Authorization"] = "Bearer " .. key
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
