-- GET /api/v1/users/1 with an API token: authentication (token hash and lookup),
-- role check, one indexed read, JSON reply.  The token comes from ECAT_TOKEN
-- (print one with: ecat token create --db FILE --login admin).
-- wrk -t2 -c32 -d10s -s bench/user_get.lua http://127.0.0.1:PORT
local token = os.getenv("ECAT_TOKEN")
if not token or token == "" then
   io.stderr:write("user_get.lua: set ECAT_TOKEN to an API token of an admin\n")
   os.exit(2)
end
wrk.method = "GET"
wrk.path = os.getenv("ECAT_PATH") or "/api/v1/users/1"
wrk.headers["Authorization"] = "Bearer " .. token
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
