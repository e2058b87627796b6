-- The ceiling: bench/mhd_ceiling answers every path with the same constant body.
-- wrk -t2 -c32 -d10s -s bench/ceiling.lua http://127.0.0.1:PORT
wrk.method = "GET"
wrk.path = "/api/v1/health"
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
