-- ecat schema 8: the release ledger of case statistics; the case indicators.
--
-- One row per distinct release of the case statistics that left ecat (a CSV
-- or spreadsheet export, an answer to an API token): when, to whom, for which
-- query (from_day and to_day, days since 1970-01-01, 0 when open; agency, 0
-- for all) and with which threshold k.  A repeat of the same query with the
-- same counts for the same user and channel is the same row (times).  A later
-- release is checked against the rows whose population is nested with its own
-- (domain/stats_ledger.h).
CREATE TABLE stats_releases (
  id INTEGER PRIMARY KEY AUTOINCREMENT, -- a release's number is never given twice
  released_at INTEGER NOT NULL,
  last_released_at INTEGER NOT NULL,
  times INTEGER NOT NULL DEFAULT 1,
  user_id INTEGER NOT NULL,
  via TEXT NOT NULL CHECK (via IN ('csv', 'xlsx', 'token')),
  from_day INTEGER NOT NULL,
  to_day INTEGER NOT NULL,
  agency INTEGER NOT NULL,
  k INTEGER NOT NULL,
  suppressed INTEGER NOT NULL
) STRICT;
CREATE INDEX stats_releases_query ON stats_releases(agency, from_day, to_day);

-- What each release was computed from (never answered by the API): every count
-- of every table that is not a published zero (an absent count is one), by its
-- row and column labels; a NULL label is the total
-- (row_label NULL: the column totals; col_label NULL: the row totals, and
-- every count of a one-way table).
CREATE TABLE stats_release_counts (
  release_id INTEGER NOT NULL REFERENCES stats_releases(id) ON DELETE CASCADE,
  tbl TEXT NOT NULL,
  row_label TEXT,
  col_label TEXT,
  value INTEGER NOT NULL,
  suppressed INTEGER NOT NULL CHECK (suppressed IN (0, 1))
) STRICT;
CREATE INDEX stats_release_counts_release ON stats_release_counts(release_id);

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
