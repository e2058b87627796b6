-- ecat schema 4: the audit chain's head, anchored outside the chain, and a
-- version per entry.
--
-- Version 2 entries hash every column with its type (NULL, integer, text),
-- so NULL, 0 and '' differ; entries written before this schema stay
-- version 1 and are checked as they were written.
ALTER TABLE audit_log ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- One row: the id and hash of the newest entry, and a keyed MAC over them
-- (key derived from the key file, see src/audit/audit.c), rewritten by every
-- append in the same transaction.  Someone who can write the database but
-- does not hold the key cannot move it, so cutting entries off the end of
-- the chain is found.  mac NULL: not anchored yet (a chain from before this
-- schema that nothing has been appended to since).
CREATE TABLE audit_head (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  last_id INTEGER NOT NULL,
  last_hash BLOB NOT NULL,
  at INTEGER NOT NULL,
  mac BLOB
) STRICT;
INSERT INTO audit_head (one, last_id, last_hash, at, mac)
SELECT 1, coalesce(max(id), 0),
       coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), zeroblob(32)),
       coalesce(max(at), 0), NULL
FROM audit_log;
