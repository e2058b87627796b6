-- GET /api/v1/health: public, no database, the whole request path of ecat
-- (request arena, route match, gate, JSON reply, security headers, access log).
-- wrk -t2 -c32 -d10s -s bench/health.lua http://127.0.0.1:PORT
wrk.method = "GET"
wrk.path = "/api/v1/health"
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
