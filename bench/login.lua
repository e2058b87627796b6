-- POST /api/v1/session with a demo login.  Slow by design: every login checks an
-- Argon2id hash (libsodium's interactive limits: 64 MiB, 2 passes), so the rate is
-- about (server threads / hash time) logins per second.  Each success also writes
-- a session row.  Override the account with ECAT_LOGIN / ECAT_PASSWORD.
-- wrk -t2 -c4 -d6s -s bench/login.lua http://127.0.0.1:PORT
local login = os.getenv("ECAT_LOGIN") or "admin"
local password = os.getenv("ECAT_PASSWORD") or "demo-admin-pass-2013"
wrk.method = "POST"
wrk.path = "/api/v1/session"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"login":"%s","password":"%s"}', login, password)
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
