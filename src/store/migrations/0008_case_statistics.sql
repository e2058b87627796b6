-- ecat schema 8: the release ledger of case statistics.
--
-- One row per distinct release of the case statistics that left ecat (a CSV
-- or spreadsheet export, an answer to an API token): when, to whom, for which
-- query (from_day and to_day, days since 1970-01-01, 0 when open; agency, 0
-- for all) and with which threshold k.  tables holds what the release was
-- computed from: for each table its labels, its counts and which positions
-- were suppressed (JSON; never shown by the API).  A later release is
-- checked against the rows whose population is nested with its own
-- (domain/stats_ledger.h).  digest (BLAKE2b of query and tables) keeps one
-- row per distinct release, counting repeats in times.
CREATE TABLE stats_releases (
  id INTEGER PRIMARY KEY,
  released_at INTEGER NOT NULL,
  last_released_at INTEGER NOT NULL,
  times INTEGER NOT NULL DEFAULT 1,
  user_id INTEGER NOT NULL,
  via TEXT NOT NULL CHECK (via IN ('csv', 'xlsx', 'token')),
  from_day INTEGER NOT NULL,
  to_day INTEGER NOT NULL,
  agency INTEGER NOT NULL,
  k INTEGER NOT NULL,
  suppressed INTEGER NOT NULL,
  digest TEXT NOT NULL UNIQUE,
  tables TEXT NOT NULL
) STRICT;
CREATE INDEX stats_releases_agency ON stats_releases(agency, from_day, to_day);

-- The case indicators (cases_assisted, referrals_completed) are on the project
-- dashboard, so a change to a service or a referral bumps the global
-- programme generation: no dashboard page kept before it is served after it.
CREATE TRIGGER case_services_gen_insert AFTER INSERT ON case_services BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = 0;
END;
CREATE TRIGGER case_services_gen_update AFTER UPDATE ON case_services BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = 0;
END;
CREATE TRIGGER case_services_gen_delete AFTER DELETE ON case_services BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = 0;
END;
CREATE TRIGGER referrals_gen_status AFTER UPDATE OF status, closed_at ON referrals BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = 0;
END;
CREATE TRIGGER referrals_gen_delete AFTER DELETE ON referrals BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = 0;
END;
