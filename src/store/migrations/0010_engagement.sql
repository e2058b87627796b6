-- Business engagement: agreements an organisation signs within a project,
-- the engagement pipeline (one row per project and organisation) and the
-- history of its stages.  Every write moves the project's dashboard
-- generation, so no dashboard page kept before it is served after it.
CREATE TABLE agreements (
  id INTEGER PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  project_id INTEGER NOT NULL REFERENCES projects(id),
  run_by INTEGER NOT NULL REFERENCES organisations(id),
  kind TEXT NOT NULL CHECK (kind IN ('pledge', 'code_of_conduct', 'memorandum', 'data_sharing')),
  signed INTEGER,
  expires INTEGER CHECK (expires IS NULL OR signed IS NULL OR expires >= signed),
  status TEXT NOT NULL CHECK (status IN ('draft', 'signed', 'expired', 'withdrawn')),
  notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
  created_by INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (status <> 'signed' OR signed IS NOT NULL)
) STRICT;
CREATE INDEX agreements_project ON agreements(project_id, status, signed);
CREATE INDEX agreements_organisation ON agreements(organisation_id);

CREATE TABLE engagements (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  run_by INTEGER NOT NULL REFERENCES organisations(id),
  stage TEXT NOT NULL CHECK (stage IN ('contacted', 'met', 'committed', 'trained', 'active',
                                       'declined')),
  next_follow_up INTEGER,
  notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
  created_by INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (project_id, organisation_id)
) STRICT;
CREATE INDEX engagements_organisation ON engagements(organisation_id);
CREATE INDEX engagements_follow_up ON engagements(next_follow_up);

-- One row per stage an engagement entered: the stage it left (NULL on the
-- first), the stages a jump passed over (a JSON array, '[]' for none), the
-- day, and the user (NULL: the command line).
CREATE TABLE engagement_stages (
  id INTEGER PRIMARY KEY,
  engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
  project_id INTEGER NOT NULL,
  stage TEXT NOT NULL,
  from_stage TEXT,
  skipped TEXT NOT NULL DEFAULT '[]',
  date INTEGER NOT NULL,
  user_id INTEGER,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX engagement_stages_engagement ON engagement_stages(engagement_id, id);
CREATE INDEX engagement_stages_project ON engagement_stages(project_id, stage);

-- The cooperation figures of a dashboard group a project's meetings by
-- organisation; this index serves them without reading other kinds.
CREATE INDEX activities_project_kind ON activities(project_id, kind, organisation_id);

CREATE TRIGGER agreements_generation_insert AFTER INSERT ON agreements BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = NEW.project_id;
END;
CREATE TRIGGER agreements_generation_update AFTER UPDATE ON agreements BEGIN
  UPDATE programme_generation SET gen = gen + 1
    WHERE project_id IN (OLD.project_id, NEW.project_id);
END;
CREATE TRIGGER agreements_generation_delete AFTER DELETE ON agreements BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = OLD.project_id;
END;
CREATE TRIGGER engagements_generation_insert AFTER INSERT ON engagements BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = NEW.project_id;
END;
CREATE TRIGGER engagements_generation_update AFTER UPDATE ON engagements BEGIN
  UPDATE programme_generation SET gen = gen + 1
    WHERE project_id IN (OLD.project_id, NEW.project_id);
END;
CREATE TRIGGER engagements_generation_delete AFTER DELETE ON engagements BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = OLD.project_id;
END;
CREATE TRIGGER engagement_stages_generation_insert AFTER INSERT ON engagement_stages BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = NEW.project_id;
END;
