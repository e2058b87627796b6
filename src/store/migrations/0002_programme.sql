-- ecat schema 2: the prevention programme's shared tables: projects, partners,
-- activities, and diacritic-insensitive name search for organisations.
-- Dates are whole days since 1970-01-01; money is integer cents.
CREATE TABLE projects (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  funder TEXT NOT NULL DEFAULT '',
  programme TEXT NOT NULL DEFAULT '',
  start_date INTEGER NOT NULL,
  end_date INTEGER NOT NULL,
  currency TEXT NOT NULL DEFAULT 'EUR' CHECK (length(currency) = 3),
  budget_cents INTEGER NOT NULL DEFAULT 0 CHECK (budget_cents >= 0),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (end_date >= start_date)
) STRICT;

CREATE TABLE partners (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  role TEXT NOT NULL CHECK (role IN ('lead', 'partner', 'associate', 'supporter')),
  allocation_cents INTEGER NOT NULL DEFAULT 0 CHECK (allocation_cents >= 0),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (project_id, organisation_id)
) STRICT;
CREATE INDEX partners_organisation ON partners(organisation_id);

-- One visit, lecture, film screening, discussion, training or meeting.
-- topics is a bit set over the topic list of src/domain (bit k = topic k);
-- materials is a JSON array of strings.
CREATE TABLE activities (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  run_by INTEGER NOT NULL REFERENCES organisations(id),
  date INTEGER NOT NULL,
  kind TEXT NOT NULL,
  youths INTEGER NOT NULL DEFAULT 0 CHECK (youths BETWEEN 0 AND 100000),
  specialists INTEGER NOT NULL DEFAULT 0 CHECK (specialists BETWEEN 0 AND 100000),
  teachers INTEGER NOT NULL DEFAULT 0 CHECK (teachers BETWEEN 0 AND 100000),
  parents INTEGER NOT NULL DEFAULT 0 CHECK (parents BETWEEN 0 AND 100000),
  business_staff INTEGER NOT NULL DEFAULT 0 CHECK (business_staff BETWEEN 0 AND 100000),
  public INTEGER NOT NULL DEFAULT 0 CHECK (public BETWEEN 0 AND 100000),
  topics INTEGER NOT NULL DEFAULT 0,
  materials TEXT NOT NULL DEFAULT '[]',
  notes TEXT NOT NULL DEFAULT '',
  created_by INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX activities_project_date ON activities(project_id, date);
CREATE INDEX activities_organisation ON activities(organisation_id, date);
CREATE INDEX activities_run_by ON activities(run_by);

-- Name search that ignores case and diacritics ("siauliai" finds "Šiauliai").
CREATE VIRTUAL TABLE organisations_fts USING fts5(
  name, municipality, content='organisations', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER organisations_fts_insert AFTER INSERT ON organisations BEGIN
  INSERT INTO organisations_fts(rowid, name, municipality)
  VALUES (new.id, new.name, coalesce(new.municipality, ''));
END;
CREATE TRIGGER organisations_fts_delete AFTER DELETE ON organisations BEGIN
  INSERT INTO organisations_fts(organisations_fts, rowid, name, municipality)
  VALUES ('delete', old.id, old.name, coalesce(old.municipality, ''));
END;
CREATE TRIGGER organisations_fts_update AFTER UPDATE OF name, municipality ON organisations BEGIN
  INSERT INTO organisations_fts(organisations_fts, rowid, name, municipality)
  VALUES ('delete', old.id, old.name, coalesce(old.municipality, ''));
  INSERT INTO organisations_fts(rowid, name, municipality)
  VALUES (new.id, new.name, coalesce(new.municipality, ''));
END;
INSERT INTO organisations_fts(rowid, name, municipality)
  SELECT id, name, coalesce(municipality, '') FROM organisations;
