-- wrk script for bench/load.sh: posts the paste form (POST /diagnose) as a browser would, with the
-- CSRF cookie and the same token in the form (the double-submit pattern), and a different text on
-- every request so that each paste is really stored (ids are derived from the text: the same text
-- would only be found again).
--
--   BENCH_CSRF=TOKEN BENCH_PASTE_TEXT="..." BENCH_NONCE=run1 \
--     wrk -t2 -c8 -d60s --latency -s bench/post_paste.lua http://127.0.0.1:PORT/diagnose
--
-- BENCH_CSRF        the token of the home page's hidden `csrf` field (equal to the oomlens_csrf cookie)
-- BENCH_COOKIE      the oomlens_csrf cookie's value, if it differs from BENCH_CSRF
-- BENCH_PASTE_TEXT  the paste; a line "step NONCE-THREAD-N ..." is appended to it per request
-- BENCH_NONCE       distinguishes one wrk run from another (warm-up, mix, soak rounds)
--
-- The answer is a 303 to /d/{id}; wrk counts any status above 399 as "Non-2xx or 3xx responses".

local counter = 0
local prefix, headers, nonce

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

-- Runs in the main Lua state once per thread: gives each thread its own number, so that no two
-- threads post the same text.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  local token = os.getenv("BENCH_CSRF")
  local text = os.getenv("BENCH_PASTE_TEXT")
  if token == nil or token == "" or text == nil or text == "" then
    io.stderr:write("post_paste.lua: set BENCH_CSRF and BENCH_PASTE_TEXT\n")
    os.exit(2)
  end
  local cookie = os.getenv("BENCH_COOKIE")
  if cookie == nil or cookie == "" then
    cookie = token
  end
  nonce = os.getenv("BENCH_NONCE") or "0"
  prefix = "csrf=" .. urlencode(token) .. "&text=" .. urlencode(text)
  headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "oomlens_csrf=" .. cookie,
  }
end

function request()
  counter = counter + 1
  local line = string.format("\nstep %s-%d-%d: rank 0 stopped", nonce, thread_number or 0, counter)
  return wrk.format("POST", nil, headers, prefix .. urlencode(line))
end
