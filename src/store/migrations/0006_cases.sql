-- ecat schema: victims' cases shared between agencies.
--
-- Identifying fields and note texts are BLOBs holding XChaCha20-Poly1305
-- ciphertexts (crypto/field.h) bound to table, column, row id and the row's
-- key_version; the coarse fields used for statistics are clear.  Blind
-- indexes (keyed hashes of normalised names and dates of birth) find a case
-- without decrypting.  The access log and the consent history are
-- append-only.

-- Key versions of the field keys: the newest is the one writes seal under.
CREATE TABLE field_keys (
  version INTEGER PRIMARY KEY CHECK (version >= 1),
  created_at INTEGER NOT NULL
) STRICT;
INSERT INTO field_keys (version, created_at) VALUES (1, CAST(strftime('%s', 'now') AS INTEGER));

-- The last reference number given per agency and year (LT-2026-00042).
CREATE TABLE case_numbers (
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  year INTEGER NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (organisation_id, year)
) STRICT, WITHOUT ROWID;

CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  reference TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'follow_up', 'closed', 'closed_referred')),
  closure_reason TEXT,
  closed_on INTEGER,
  trafficking_status TEXT NOT NULL CHECK (trafficking_status IN ('possible', 'actual', 'not_a_victim')),
  deciding_body TEXT,
  identified_on INTEGER,
  identification_source TEXT,
  given_name BLOB,
  family_name BLOB,
  aliases BLOB,
  birth_date BLOB,
  phone BLOB,
  email BLOB,
  address BLOB,
  identity_document BLOB,
  languages BLOB,
  key_version INTEGER NOT NULL REFERENCES field_keys(version),
  gender TEXT NOT NULL,
  age_band TEXT,
  minor INTEGER CHECK (minor IS NULL OR minor IN (0, 1)),
  citizenship TEXT CHECK (citizenship IS NULL OR length(citizenship) = 2),
  exploitation_types INTEGER NOT NULL DEFAULT 0,
  labour_industry TEXT,
  exploitation_country TEXT CHECK (exploitation_country IS NULL OR length(exploitation_country) = 2),
  recruitment TEXT,
  control_methods INTEGER NOT NULL DEFAULT 0,
  relationship TEXT,
  rg_decision TEXT CHECK (rg_decision IS NULL OR rg_decision IN ('positive', 'negative')),
  rg_date INTEGER,
  recovery_end INTEGER,
  cg_decision TEXT CHECK (cg_decision IS NULL OR cg_decision IN ('positive', 'negative')),
  cg_date INTEGER,
  erased_at INTEGER,
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX cases_organisation ON cases(organisation_id, id);
-- A reference names a case within its agency: two agencies of one country
-- both have an LT-2026-00001.
CREATE UNIQUE INDEX cases_reference ON cases(organisation_id, reference);
CREATE INDEX cases_key_version ON cases(key_version);
CREATE INDEX cases_closed ON cases(closed_on) WHERE closed_on IS NOT NULL;

-- Blind indexes: 'name' (given and family name), 'birth' (date of birth),
-- 'person' (full name and date of birth, for duplicates across agencies).
CREATE TABLE case_blind (
  case_id INTEGER NOT NULL REFERENCES cases(id),
  kind TEXT NOT NULL CHECK (kind IN ('name', 'birth', 'person')),
  value BLOB NOT NULL,
  PRIMARY KEY (case_id, kind, value)
) STRICT, WITHOUT ROWID;
CREATE INDEX case_blind_value ON case_blind(kind, value);

CREATE TABLE consents (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  given_by TEXT NOT NULL CHECK (given_by IN ('person', 'guardian')),
  given_on INTEGER NOT NULL,
  scopes INTEGER NOT NULL CHECK (scopes > 0),
  agencies TEXT NOT NULL DEFAULT '[]',
  expires_on INTEGER,
  withdrawn_on INTEGER,
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX consents_case ON consents(case_id);

CREATE TABLE referrals (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  from_org INTEGER NOT NULL REFERENCES organisations(id),
  to_org INTEGER NOT NULL REFERENCES organisations(id),
  services INTEGER NOT NULL CHECK (services > 0),
  reason BLOB,
  key_version INTEGER NOT NULL REFERENCES field_keys(version),
  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'completed', 'revoked')),
  decline_reason TEXT,
  consent_id INTEGER REFERENCES consents(id),
  override_justification BLOB,
  answered_at INTEGER,
  closed_at INTEGER,
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
-- A referral rests on a consent or a case manager's written override
-- (domain/casework.c); the texts of an erased case's referrals are destroyed
-- with its other identifying fields, so the schema cannot require them.
CREATE INDEX referrals_case ON referrals(case_id);
CREATE INDEX referrals_to ON referrals(to_org, status);
CREATE INDEX referrals_from ON referrals(from_org, status);

CREATE TABLE case_services (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  provider_id INTEGER NOT NULL REFERENCES organisations(id),
  type TEXT NOT NULL,
  start_on INTEGER,
  end_on INTEGER,
  status TEXT NOT NULL CHECK (status IN ('planned', 'ongoing', 'completed', 'not_provided')),
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX case_services_case ON case_services(case_id);

CREATE TABLE case_notes (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  visibility TEXT NOT NULL CHECK (visibility IN ('own_agency', 'shared')),
  body BLOB,
  key_version INTEGER NOT NULL REFERENCES field_keys(version),
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX case_notes_case ON case_notes(case_id);

-- Who read which case, when, through which route.  Append-only.
CREATE TABLE case_access_log (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  user_id INTEGER REFERENCES users(id),
  organisation_id INTEGER NOT NULL,
  route TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX case_access_log_case ON case_access_log(case_id, id);
CREATE TRIGGER case_access_log_no_update BEFORE UPDATE ON case_access_log
BEGIN SELECT RAISE(ABORT, 'the case access log is append-only'); END;
CREATE TRIGGER case_access_log_no_delete BEFORE DELETE ON case_access_log
BEGIN SELECT RAISE(ABORT, 'the case access log is append-only'); END;

-- Notices to an agency's case managers, naming only agencies and references.
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  kind TEXT NOT NULL CHECK (kind IN ('possible_duplicate')),
  other_org INTEGER NOT NULL REFERENCES organisations(id),
  other_reference TEXT NOT NULL,
  case_id INTEGER REFERENCES cases(id),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX notifications_org ON notifications(organisation_id, id);
