-- ecat schema 9: information materials (films, leaflets, lesson plans...), the
-- files they come with, and their distribution to teachers, pupils, parents.
-- Dates are whole days since 1970-01-01.

-- audiences is a bit set over the distribution audiences of src/domain
-- (bit k = audience k); languages a JSON array of ISO 639-1 codes.  The file,
-- when there is one, is stored beside the database under its SHA-256 (hex)
-- and described here: its type found from its content, its name, its size.
CREATE TABLE materials (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  kind TEXT NOT NULL CHECK (kind IN ('film', 'leaflet', 'poster', 'presentation',
                                     'lesson_plan', 'booklet', 'other')),
  languages TEXT NOT NULL DEFAULT '[]',
  audiences INTEGER NOT NULL DEFAULT 0,
  version TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  project_id INTEGER REFERENCES projects(id),
  file_sha256 TEXT CHECK (file_sha256 IS NULL OR length(file_sha256) = 64),
  file_type TEXT,
  file_name TEXT,
  file_size INTEGER CHECK (file_size IS NULL OR file_size > 0),
  created_by INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK ((file_sha256 IS NULL) = (file_size IS NULL))
) STRICT;
CREATE INDEX materials_title ON materials(title COLLATE NOCASE);
CREATE INDEX materials_file ON materials(file_sha256) WHERE file_sha256 IS NOT NULL;

-- One handing-out of a material: to an organisation, or at an activity (then
-- the activity's organisation), for one audience group, by a partner of the
-- project.
CREATE TABLE distributions (
  id INTEGER PRIMARY KEY,
  material_id INTEGER NOT NULL REFERENCES materials(id),
  project_id INTEGER NOT NULL REFERENCES projects(id),
  run_by INTEGER NOT NULL REFERENCES organisations(id),
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  activity_id INTEGER REFERENCES activities(id),
  audience TEXT NOT NULL CHECK (audience IN ('teachers', 'pupils', 'parents', 'specialists',
                                             'business_staff', 'public')),
  quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 10000000),
  date INTEGER NOT NULL,
  notes TEXT NOT NULL DEFAULT '',
  created_by INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX distributions_project_date ON distributions(project_id, date);
CREATE INDEX distributions_material ON distributions(material_id);
CREATE INDEX distributions_organisation ON distributions(organisation_id);
CREATE INDEX distributions_activity ON distributions(activity_id) WHERE activity_id IS NOT NULL;

-- The materials an activity used, as references.  activities.materials keeps
-- their titles, as it always has; the activity's door keeps both in step.
CREATE TABLE activity_materials (
  activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
  material_id INTEGER NOT NULL REFERENCES materials(id),
  PRIMARY KEY (activity_id, material_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX activity_materials_material ON activity_materials(material_id);

-- The free-text materials of the activities written before this schema
-- become material records (kind 'other', one per distinct title, the first
-- spelling met), and each activity refers to its own.
INSERT INTO materials (title, kind, created_at, updated_at)
  SELECT t.title, 'other', CAST(strftime('%s', 'now') AS INTEGER),
         CAST(strftime('%s', 'now') AS INTEGER)
  FROM (SELECT min(j.value) AS title FROM activities a, json_each(a.materials) j
        WHERE j.type = 'text' AND length(j.value) BETWEEN 1 AND 300
        GROUP BY lower(j.value)) t
  ORDER BY t.title;
INSERT OR IGNORE INTO activity_materials (activity_id, material_id)
  SELECT a.id, m.id FROM activities a, json_each(a.materials) j
  JOIN materials m ON lower(m.title) = lower(j.value)
  WHERE j.type = 'text';

-- The dashboard shows the distributions and the materials' titles.
CREATE TRIGGER distributions_generation_insert AFTER INSERT ON distributions BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = NEW.project_id;
END;
CREATE TRIGGER distributions_generation_update AFTER UPDATE ON distributions BEGIN
  UPDATE programme_generation SET gen = gen + 1
  WHERE project_id IN (OLD.project_id, NEW.project_id);
END;
CREATE TRIGGER distributions_generation_delete AFTER DELETE ON distributions BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = OLD.project_id;
END;
CREATE TRIGGER materials_generation_title AFTER UPDATE OF title ON materials BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = 0;
END;
