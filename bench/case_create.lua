-- POST /api/v1/cases: a registration with the duplicate check across agencies
-- (blind indexes of name, birth date and person), a reference number, nine
-- sealed fields, the audit entry, one durable commit.  Each request a new
-- person.  wrk -t2 -c8 -d10s -s bench/case_create.lua http://127.0.0.1:PORT
local token = os.getenv("ECAT_TOKEN")
if not token or token == "" then
   io.stderr:write("case_create.lua: set ECAT_TOKEN to an API token of a case worker\n")
   os.exit(2)
end
local n = 0
function setup(thread) thread:set("tid", math.random(1, 1000000000)) end
function request()
   n = n + 1
   local body = string.format('{"given_name":"Bench%d","family_name":"New%d",' ..
      '"birth_date":"1990-%02d-%02d","trafficking_status":"possible","gender":"unknown"}',
      tid or 0, n, 1 + n % 12, 1 + n % 28)
   return wrk.format("POST", "/api/v1/cases", {["Authorization"] = "Bearer " .. token,
      ["Content-Type"] = "application/json"}, body)
end
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
