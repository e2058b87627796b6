-- GET /api/v1/cases/{id} of the caller's own agency with an API token: the
-- scope check in the query, nine fields opened (XChaCha20-Poly1305), an
-- access-log row and an audit entry written and committed (fsync) before the
-- answer leaves.  Ids: ECAT_FIRST + k * ECAT_STEP for k in [0, ECAT_COUNT).
-- wrk -t2 -c32 -d10s -s bench/case_get.lua http://127.0.0.1:PORT
local token = os.getenv("ECAT_TOKEN")
if not token or token == "" then
   io.stderr:write("case_get.lua: set ECAT_TOKEN to an API token of a case worker\n")
   os.exit(2)
end
local first = tonumber(os.getenv("ECAT_FIRST") or "1")
local step = tonumber(os.getenv("ECAT_STEP") or "20")
local count = tonumber(os.getenv("ECAT_COUNT") or "5000")
local path = os.getenv("ECAT_PATH")
function setup(thread) thread:set("seed", math.random(1, 1000000)) end
function init(args) math.randomseed(seed or os.time()) end
function request()
   local p = path or ("/api/v1/cases/" .. (first + math.random(0, count - 1) * step))
   return wrk.format("GET", p, {["Authorization"] = "Bearer " .. token})
end
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
