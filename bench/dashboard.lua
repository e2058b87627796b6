-- GET /api/v1/projects/{id}/dashboard with an API token: authentication, the
-- generation check (one indexed read), the rendered page from the per-process
-- cache (about 20 KB of JSON on the bench data set).  The token comes from
-- ECAT_TOKEN, the project from ECAT_PROJECT (1).
-- wrk -t2 -c32 -d10s -s bench/dashboard.lua http://127.0.0.1:PORT
local token = os.getenv("ECAT_TOKEN")
if not token or token == "" then
   io.stderr:write("dashboard.lua: set ECAT_TOKEN to an API token\n")
   os.exit(2)
end
wrk.method = "GET"
wrk.path = "/api/v1/projects/" .. (os.getenv("ECAT_PROJECT") or "1") .. "/dashboard"
wrk.headers["Authorization"] = "Bearer " .. token
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
