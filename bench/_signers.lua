-- wrk script for bench/signing_throughput.py. MODE (environment) picks what a connection does:
--   collect: GET the petition page as a new visitor; keep its session cookie, CSRF token and
--            fill-time stamp in TOKENS/t<thread>.txt for the posts that follow;
--   post:    POST the signing form, one collected visitor per signature (own session), with a
--            unique email, a real postcode and its own client address (X-Forwarded-For, as the
--            load balancer in front of production sets it);
--   signers: whole signers: page, then the POST once that visitor's page is older than the fill
--            time, then the thank-you page, in equal numbers;
--   bare:    POST the same form body to the bare insert endpoint;
--   get:     GET PATH_ (a page, the count JSON or the constant) as a new visitor each time.
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

local mode = os.getenv("MODE")
local slug = os.getenv("SLUG")
local run = os.getenv("RUN")
local dir = os.getenv("TOKENS")
local path = os.getenv("PATH_")
local fill = tonumber(os.getenv("FILL_SECONDS") or "4")
local postcodes = {}
local tokens = {}
local head, tail, seed = 1, 0, 0
local n = 0
local out
local pending_thanks = {}
local gets, posts = 0, 0
statuses = {}
reused = 0
signers_done = 0

-- Each run of wrk counts its requests from 0: IP_OFFSET (a different one per run) keeps the
-- visitors of one run from sharing addresses, and so a rate-limit window, with another's.
local ip_offset = tonumber(os.getenv("IP_OFFSET") or "0")

local function address(i)
  i = i + ip_offset
  return "10." .. (tid * 8 + math.floor(i / 65536) % 8) .. "." .. (math.floor(i / 256) % 256) ..
    "." .. (i % 256)
end

function init(args)
  for line in io.lines(os.getenv("POSTCODES")) do table.insert(postcodes, line) end
  if mode == "collect" then out = io.open(dir .. "/t" .. tid .. ".txt", "a") end
  if mode == "post" or mode == "signers" then
    for line in io.lines(dir .. "/t" .. tid .. ".txt") do
      local cookie, csrf, started, ip = line:match("([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)")
      tail = tail + 1
      tokens[tail] = {cookie = cookie, csrf = csrf, started = started, ip = ip, at = 0}
    end
    seed = tail
  end
end

local function form(i, token)
  local postcode = postcodes[(tid * 7919 + i) % #postcodes + 1]
  local body = "name=Bench+Signer+" .. i .. "&email=" .. (token and "s" or "b") .. run .. "t" .. tid .. "n" .. i ..
    "%40example.org&postcode=" .. postcode .. "&privacy=y"
  if token then
    body = body .. "&csrf_token=" .. token.csrf .. "&started=" .. token.started
  end
  return body
end

local function page(i)
  gets = gets + 1
  return wrk.format("GET", "/petitions/" .. slug, {["X-Forwarded-For"] = address(i)})
end

local function post(i, token)
  posts = posts + 1
  return wrk.format("POST", "/petitions/" .. slug .. "/signatures", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = token.cookie,
    ["X-Forwarded-For"] = token.ip,
  }, form(i, token))
end

function request()
  n = n + 1
  if mode == "collect" then
    return page(n)
  elseif mode == "get" then
    return wrk.format("GET", path, {["X-Forwarded-For"] = address(n)})
  elseif mode == "bare" then
    return wrk.format("POST", "/insert",
      {["Content-Type"] = "application/x-www-form-urlencoded"}, form(n, nil))
  elseif mode == "post" then
    local token = tokens[head]
    head = head + 1
    if head > tail then head = 1; reused = reused + 1 end
    return post(n, token)
  end
  -- signers: thank-you pages first, then a post whose page is old enough, else a new page;
  -- the collected visitors are a buffer of fixed size, so pages and posts stay one to one.
  if #pending_thanks > 0 then
    local cookie = table.remove(pending_thanks, 1)
    return wrk.format("GET", "/petitions/" .. slug .. "/thank-you", {["Cookie"] = cookie})
  end
  local token = tokens[head]
  if token and posts < gets + seed and os.time() - token.at >= fill then
    tokens[head] = nil
    head = head + 1
    return post(n, token)
  end
  return page(n + 1000000)
end

local function remember(headers, body)
  local cookie = (headers["Set-Cookie"] or ""):match("^([^;]*)")
  local csrf = body:match('name="csrf_token" type="hidden" value="([^"]+)"')
  local started = body:match('name="started" type="hidden" value="([^"]+)"')
  if not (cookie and csrf and started) then return end
  local ip = address(n + 262144)
  if mode == "collect" then
    out:write(cookie, "\t", csrf, "\t", started, "\t", ip, "\n")
    out:flush()
  else
    tail = tail + 1
    tokens[tail] = {cookie = cookie, csrf = csrf, started = started, ip = ip, at = os.time()}
  end
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if mode == "collect" or mode == "signers" then
    if status == 200 and body:find('name="csrf_token"', 1, true) then
      remember(headers, body)
    elseif status == 303 and mode == "signers" then
      table.insert(pending_thanks, (headers["Set-Cookie"] or ""):match("^([^;]*)") or "")
    elseif status == 200 then
      signers_done = signers_done + 1
    end
  end
end

function done(summary, latency, requests)
  local total = {}
  local reuses, done_signers = 0, 0
  for _, thread in ipairs(threads) do
    for code, count in pairs(thread:get("statuses")) do
      total[tostring(code)] = (total[tostring(code)] or 0) + count
    end
    reuses = reuses + thread:get("reused")
    done_signers = done_signers + thread:get("signers_done")
  end
  local parts = {}
  for code, count in pairs(total) do table.insert(parts, '"' .. code .. '": ' .. count) end
  local errors = summary.errors
  local file = io.open(os.getenv("RESULT"), "w")
  file:write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p99_ms": %.2f, "socket_errors": %d, ' ..
    '"status_errors": %d, "statuses": {%s}, "sessions_reused": %d, "signers_done": %d}',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, errors.connect + errors.read + errors.write + errors.timeout,
    errors.status, table.concat(parts, ", "), reuses, done_signers))
  file:close()
end
