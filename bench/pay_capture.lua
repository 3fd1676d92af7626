-- bench/pay_capture.lua — manual-capture pairs: POST /v1/payment_intents with
-- capture_method=manual&confirm=true (an authorization: requires_capture), then
-- POST /v1/payment_intents/:id/capture on the id that create returned.
--
--   wrk ... -s bench/pay_capture.lua http://HOST:PORT
--
-- wrk calls request() and response() per thread, not per connection, so each thread keeps a
-- queue of authorized ids: response() to a create queues its id, and request() sends a capture
-- for the oldest queued id when there is one, a create otherwise. With every connection doing
-- one request at a time this alternates creates and captures.
--
-- done() prints one machine-readable line for bench/payments.sh:
--   bench-pairs: creates=N captures=N authorized=N captured=N other=N pending=N
-- creates/captures = requests sent; authorized = creates answered 200 requires_capture;
-- captured = captures answered 200 succeeded (the completed pairs); other = any other answer;
-- pending = authorizations still queued (never captured) when the run ended.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local key = os.getenv("BENCH_API_KEY") or "sk_test_bench_0123456789abcdef"
local headers = {
  ["Authorization"] = "Bearer " .. key,
  ["Content-Type"] = "application/x-www-form-urlencoded",
}
local create_req
local queue, head, tail = {}, 1, 0

-- Globals (not locals) so done() can read them with thread:get().
creates, captures, authorized, captured, other, pending = 0, 0, 0, 0, 0, 0

function init(args)
  create_req = wrk.format("POST", "/v1/payment_intents", headers,
    "amount=2000&currency=usd&payment_method=pm_card_visa&capture_method=manual&confirm=true")
end

function request()
  if head <= tail then
    local id = queue[head]
    queue[head] = nil
    head = head + 1
    pending = tail - head + 1
    captures = captures + 1
    return wrk.format("POST", "/v1/payment_intents/" .. id .. "/capture", headers, "")
  end
  creates = creates + 1
  return create_req
end

function response(status, hdrs, body)
  -- A PaymentIntent's JSON starts with its id; its own "status" is the last one in it (the
  -- nested objects before it in Stripe's alphabetical order have none).
  local id = status == 200 and body:match('^{"id":"(pi_[%w]+)"')
  local st
  if id then for s in body:gmatch('"status":"([%a_]+)"') do st = s end end
  if st == "requires_capture" then
    authorized = authorized + 1
    tail = tail + 1
    queue[tail] = id
    pending = tail - head + 1
  elseif st == "succeeded" then
    captured = captured + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local sum = {}
  for _, t in ipairs(threads) do
    for _, k in ipairs({ "creates", "captures", "authorized", "captured", "other", "pending" }) do
      sum[k] = (sum[k] or 0) + (t:get(k) or 0)
    end
  end
  io.write(string.format("bench-pairs: creates=%d captures=%d authorized=%d captured=%d other=%d pending=%d\n",
    sum.creates, sum.captures, sum.authorized, sum.captured, sum.other, sum.pending))
end
