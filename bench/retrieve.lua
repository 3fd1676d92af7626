-- bench/retrieve.lua — GET /v1/customers/:id, cycling through the ids given as
-- script arguments (each wrk thread starts at a different place in the list).
--
--   wrk ... -s bench/retrieve.lua http://HOST:PORT -- cus_a cus_b ...

local count = 0

function setup(thread)
  count = count + 1
  thread:set("tid", count)
end

local key = os.getenv("BENCH_API_KEY") or "sk_test_bench_0123456789abcdef"
local requests_ = {}
local i = 0

function init(args)
  local headers = { ["Authorization"] = "Bearer " .. key }
  for _, id in ipairs(args) do
    -- Requests are built once here; request() only picks one (wrk's advice).
    requests_[#requests_ + 1] = wrk.format("GET", "/v1/customers/" .. id, headers)
  end
  if #requests_ == 0 then
    error("retrieve.lua: pass customer ids after --")
  end
  i = ((tid or 1) - 1) * math.floor(#requests_ / 2) % #requests_
end

function request()
  i = i % #requests_ + 1
  return requests_[i]
end
