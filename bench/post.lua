-- wrk script: signed-in people posting comments on the clauses of the open version.
--   wrk ... -s bench/post.lua <url> -- <sessions file> <clause paths file> <run marker> <wrk threads>
-- Sessions file lines: session cookie, CSRF token, organisation id (tab-separated); paths file: one per line.
-- Each request takes the next person and the next clause, round robin. 302 means posted; the
-- Location header names the new comment, so the ids can be checked against the database afterwards.
dofile((debug.getinfo(1, "S").source:sub(2):gsub("post%.lua$", "stats.lua")))

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("index", #threads)
end

local people, paths = {}, {}
local next_person, next_path, made = 1, 1, 0
local marker = "run"
statuses = {}
ids = {}

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  marker = args[3]
  local nthreads = tonumber(args[4])
  local n = 0
  -- The wrk threads share the people out, so one person never has two posts in flight at once.
  for line in io.lines(args[1]) do
    if n % nthreads == index - 1 then
      local cookie, token, org = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)$")
      table.insert(people, {cookie = cookie, token = token, org = org})
    end
    n = n + 1
  end
  for line in io.lines(args[2]) do table.insert(paths, line) end
end

function request()
  local person = people[next_person]
  next_person = next_person % #people + 1
  local path = paths[next_path]
  next_path = next_path % #paths + 1
  made = made + 1
  local text = "Deadline comment " .. marker .. " " .. index .. "-" .. made ..
    ". Our group supports this clause, and asks that the final version names who is responsible."
  local body = "csrf_token=" .. urlencode(person.token) .. "&body=" .. urlencode(text) ..
    "&stance=support&speak_for=" .. person.org
  return wrk.format("POST", path, {["Cookie"] = person.cookie, ["User-Agent"] = "coproduce-bench",
    ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 302 then
    local id = (headers["Location"] or headers["location"] or ""):match("/comments/(%d+)/")
    if id then table.insert(ids, id) end
  end
end

function done(summary, latency, requests)
  local totals, counts, posted = {}, {}, {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do totals[status] = (totals[status] or 0) + n end
    for _, id in ipairs(thread:get("ids")) do table.insert(posted, id) end
  end
  for status, n in pairs(totals) do table.insert(counts, string.format('"%d":%d', status, n)) end
  report(summary, latency, ',"statuses":{' .. table.concat(counts, ",") .. '},"ids":[' ..
    table.concat(posted, ",") .. ']')
end
