-- ecat schema 12: the funder's report as a channel of the release ledger.
--
-- The period report's PDF carries the suppressed case table too, so a release
-- may leave as 'pdf' (the report's workbook is 'xlsx').  SQLite cannot change
-- a CHECK in place: the two ledger tables are made anew with the same rows,
-- the counts' table dropped before the releases' so that no cascade runs, and
-- the release numbers' sequence carried over (a number is never given twice).
CREATE TABLE stats_releases_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  released_at INTEGER NOT NULL,
  last_released_at INTEGER NOT NULL,
  times INTEGER NOT NULL DEFAULT 1,
  user_id INTEGER NOT NULL,
  via TEXT NOT NULL CHECK (via IN ('csv', 'xlsx', 'pdf', 'token')),
  from_day INTEGER NOT NULL,
  to_day INTEGER NOT NULL,
  agency INTEGER NOT NULL,
  k INTEGER NOT NULL,
  suppressed INTEGER NOT NULL
) STRICT;
INSERT INTO stats_releases_new SELECT id, released_at, last_released_at, times, user_id, via,
  from_day, to_day, agency, k, suppressed FROM stats_releases;
DELETE FROM sqlite_sequence WHERE name = 'stats_releases_new';
INSERT INTO sqlite_sequence (name, seq)
  SELECT 'stats_releases_new', seq FROM sqlite_sequence WHERE name = 'stats_releases';
CREATE TABLE stats_release_counts_new (
  release_id INTEGER NOT NULL REFERENCES stats_releases_new(id) ON DELETE CASCADE,
  tbl TEXT NOT NULL,
  row_label TEXT,
  col_label TEXT,
  value INTEGER NOT NULL,
  suppressed INTEGER NOT NULL CHECK (suppressed IN (0, 1))
) STRICT;
INSERT INTO stats_release_counts_new SELECT release_id, tbl, row_label, col_label, value,
  suppressed FROM stats_release_counts;
DROP TABLE stats_release_counts;
DROP TABLE stats_releases;
ALTER TABLE stats_releases_new RENAME TO stats_releases;
ALTER TABLE stats_release_counts_new RENAME TO stats_release_counts;
CREATE INDEX stats_releases_query ON stats_releases(agency, from_day, to_day);
CREATE INDEX stats_release_counts_release ON stats_release_counts(release_id);
