-- POST /api/v1/activities with an API token: authentication, the typed door's
-- checks, one insert with its aggregate triggers and audit entry, committed
-- (synchronous=FULL) before the 201.  The token comes from ECAT_TOKEN (a
-- coordinator's), the JSON body from ECAT_BODY (bench/run.sh builds it from
-- the demo: the ECAT project, a partner's organisation, an institution).
-- wrk -t1 -c4 -d10s -s bench/activity_create.lua http://127.0.0.1:PORT
local token = os.getenv("ECAT_TOKEN")
local body = os.getenv("ECAT_BODY")
if not token or token == "" or not body or body == "" then
   io.stderr:write("activity_create.lua: set ECAT_TOKEN and ECAT_BODY\n")
   os.exit(2)
end
wrk.method = "POST"
wrk.path = "/api/v1/activities"
wrk.body = body
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Content-Type"] = "application/json"
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
