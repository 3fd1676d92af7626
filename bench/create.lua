-- bench/create.lua — POST /v1/customers with a distinct email per request.
--
--   wrk ... -s bench/create.lua http://HOST:PORT/v1/customers -- TAG [QUOTA [idem]]
--
-- TAG    makes emails distinct across wrk runs (bench-TAG-THREAD-N@example.com).
-- QUOTA  per-thread number of creates; once a thread has sent that many it stops
--        itself (0 or absent: no limit, run for the whole -d duration). Used by
--        run.sh to grow a database to an exact size.
-- idem   also send a distinct Idempotency-Key per request (what Stripe SDKs do).
--
-- done() prints one machine-readable line for run.sh:
--   bench-creates: sent=N elapsed=SECONDS
-- where sent is the number of create requests written and elapsed is the time the
-- slowest thread spent sending them (a stopped thread counts until it stopped, so
-- the rate is right even when wrk idles until -d runs out).

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clk_id, bench_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local function now()
  local ts = ffi.new("bench_timespec")
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
end

-- setup()/done() run in their own Lua state; keep the thread handles there.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

local key = os.getenv("BENCH_API_KEY") or "sk_test_bench_0123456789abcdef"
local headers = {
  ["Authorization"] = "Bearer " .. key,
  ["Content-Type"] = "application/x-www-form-urlencoded",
}
local path = "/v1/customers"
local tag, quota, idem = "run", 0, false
local filler -- sent once a thread is over quota, until it has stopped

-- Globals (not locals) so done() can read them with thread:get().
sent = 0
started = nil
finished = nil

function init(args)
  tag = args[1] or "run"
  quota = tonumber(args[2]) or 0
  idem = args[3] == "idem"
  filler = wrk.format("GET", "/healthz", { ["Host"] = wrk.headers["Host"] })
  started = now()
end

function request()
  if quota > 0 and sent >= quota then
    if not finished then
      finished = now()
      wrk.thread:stop()
    end
    return filler
  end
  sent = sent + 1
  local body = string.format("email=bench-%s-%d-%d%%40example.com&name=Bench+Customer",
                             tag, tid, sent)
  if idem then
    headers["Idempotency-Key"] = string.format("bench-%s-%d-%d", tag, tid, sent)
  end
  return wrk.format("POST", path, headers, body)
end

function done(summary, latency, requests)
  local total, elapsed = 0, 0
  local run_seconds = summary.duration / 1e6
  for _, t in ipairs(threads) do
    total = total + (t:get("sent") or 0)
    local s, f = t:get("started"), t:get("finished")
    local e = (s and f) and (f - s) or run_seconds
    if e > elapsed then elapsed = e end
  end
  io.write(string.format("bench-creates: sent=%d elapsed=%.3f\n", total, elapsed))
end
