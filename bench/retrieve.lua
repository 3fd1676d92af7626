-- bench/retrieve.lua — GET /v1/customers/:id or /v1/payment_intents/:id, cycling through
-- the ids given as script arguments (each wrk thread starts at a different place in the
-- list). The path comes from each id's prefix.
--
--   wrk ... -s bench/retrieve.lua http://HOST:PORT -- cus_a cus_b ...
--   wrk ... -s bench/retrieve.lua http://HOST:PORT -- pi_a pi_b ...

local count = 0

function setup(thread)
  count = count + 1
  thread:set("tid", count)
end

local key = os.getenv("BENCH_API_KEY") or "sk_test_bench_0123456789abcdef"
local paths = { cus = "/v1/customers/", pi = "/v1/payment_intents/" }
local requests_ = {}
local i = 0

function init(args)
  local headers = { ["Authorization"] = "Bearer " .. key }
  for _, id in ipairs(args) do
    -- Requests are built once here; request() only picks one (wrk's advice).
    local path = paths[id:match("^(%a+)_")]
    if not path then error("retrieve.lua: no path for id " .. id) end
    requests_[#requests_ + 1] = wrk.format("GET", path .. id, headers)
  end
  if #requests_ == 0 then
    error("retrieve.lua: pass customer or payment intent ids after --")
  end
  i = ((tid or 1) - 1) * math.floor(#requests_ / 2) % #requests_
end

function request()
  i = i % #requests_ + 1
  return requests_[i]
end
