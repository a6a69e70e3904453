-- wrk script: every request carries its own shopper's access token, so that a join is a new shopper's join (a repeated
-- join of one shopper takes a cheaper path). TOKENS names a file with one access token per line; each wrk thread takes
-- every n-th line (thread i: lines i, i+n, ...) and goes round its share in order.
local threads = {}
local next_id = 0

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

function init(args)
   local path = os.getenv("TOKENS") or error("set TOKENS to a file of access tokens")
   local count = tonumber(os.getenv("WRK_THREADS") or "2")
   tokens = {}
   local n = 0
   for line in io.lines(path) do
      if n % count == id then
         table.insert(tokens, "Bearer " .. line)
      end
      n = n + 1
   end
   sent = 0
end

function request()
   sent = sent + 1
   local token = tokens[(sent - 1) % #tokens + 1]
   return wrk.format("GET", nil, { ["Authorization"] = token })
end

function done(summary, latency, requests)
   local total = 0
   for _, thread in ipairs(threads) do
      total = total + #thread:get("tokens")
   end
   io.write(string.format("tokens: %d, requests: %d (a token is reused once requests exceed tokens)\n",
      total, summary.requests))
end
