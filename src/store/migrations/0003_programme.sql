-- ecat schema 3: the programme's money and targets (expenses, indicators and
-- their targets), the aggregates the project dashboard reads, and the
-- generation counters that tell a cached dashboard it is out of date.
--
-- Every aggregate and counter below is kept by triggers, inside the writing
-- transaction, so it is current whoever writes: the API, the CSV import, the
-- command line, or someone at an SQL prompt.
--
-- Months are counted from January 1970 (month 0), as month_of_day() in
-- src/domain/programme.c counts them.

CREATE TABLE expenses (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  partner_id INTEGER NOT NULL REFERENCES partners(id),
  date INTEGER NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('staff', 'travel', 'materials', 'equipment',
    'subcontracting', 'other')),
  amount_cents INTEGER NOT NULL CHECK (amount_cents BETWEEN 0 AND 9999999999999),
  description TEXT NOT NULL DEFAULT '',
  created_by INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX expenses_project ON expenses(project_id, date);
CREATE INDEX expenses_partner ON expenses(partner_id);

-- kinds is a bit set over org_kinds (src/domain/org.c); 0 means every kind.
-- partner_id, country and the period narrow the scope when set.
CREATE TABLE indicators (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  metric TEXT NOT NULL,
  partner_id INTEGER REFERENCES partners(id),
  kinds INTEGER NOT NULL DEFAULT 0,
  country TEXT CHECK (country IS NULL OR length(country) = 2),
  period_start INTEGER,
  period_end INTEGER,
  target INTEGER NOT NULL DEFAULT 0 CHECK (target >= 0),
  manual_value INTEGER CHECK (manual_value IS NULL OR manual_value >= 0),
  created_by INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (period_start IS NULL OR period_end IS NULL OR period_end >= period_start)
) STRICT;
CREATE INDEX indicators_project ON indicators(project_id);

-- Further targets of an indicator, for one partner and/or one period; the
-- indicator's own scope applies where a target leaves partner or period null.
CREATE TABLE indicator_targets (
  id INTEGER PRIMARY KEY,
  indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  partner_id INTEGER REFERENCES partners(id),
  period_start INTEGER,
  period_end INTEGER,
  target INTEGER NOT NULL CHECK (target >= 0),
  CHECK (period_start IS NULL OR period_end IS NULL OR period_end >= period_start)
) STRICT;
CREATE INDEX indicator_targets_indicator ON indicator_targets(indicator_id);

-- The figures of every indicator scope that has a period, kept on write like
-- the aggregates below: one row per scope (the indicator's own, target_id
-- NULL, or a target's, with the indicator's partner and period where the
-- target leaves them open) holding its totals, and one row per institution
-- in it.  A scope without a period needs none of this: project_group answers
-- it.  run_by 0: any partner; date_from..date_to inclusive; kinds
-- ',kind,kind,' or '' for every kind; country '' for any.
CREATE TABLE indicator_scopes (
  id INTEGER PRIMARY KEY,
  indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  target_id INTEGER REFERENCES indicator_targets(id) ON DELETE CASCADE,
  project_id INTEGER NOT NULL,
  run_by INTEGER NOT NULL,
  date_from INTEGER NOT NULL,
  date_to INTEGER NOT NULL,
  kinds TEXT NOT NULL,
  country TEXT NOT NULL,
  institutions INTEGER NOT NULL DEFAULT 0,
  activities INTEGER NOT NULL DEFAULT 0,
  youths INTEGER NOT NULL DEFAULT 0,
  specialists INTEGER NOT NULL DEFAULT 0,
  teachers INTEGER NOT NULL DEFAULT 0,
  parents INTEGER NOT NULL DEFAULT 0,
  business_staff INTEGER NOT NULL DEFAULT 0,
  public INTEGER NOT NULL DEFAULT 0,
  UNIQUE (indicator_id, target_id)
) STRICT;
CREATE INDEX indicator_scopes_project ON indicator_scopes(project_id);
CREATE INDEX indicator_scopes_target ON indicator_scopes(target_id);

CREATE TABLE indicator_scope_org (
  scope_id INTEGER NOT NULL REFERENCES indicator_scopes(id) ON DELETE CASCADE,
  organisation_id INTEGER NOT NULL,
  activities INTEGER NOT NULL,
  youths INTEGER NOT NULL,
  specialists INTEGER NOT NULL,
  teachers INTEGER NOT NULL,
  parents INTEGER NOT NULL,
  business_staff INTEGER NOT NULL,
  public INTEGER NOT NULL,
  PRIMARY KEY (scope_id, organisation_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX indicator_scope_org_organisation ON indicator_scope_org(organisation_id);

-- Activity lists are newest first.  activities_list serves that order
-- without a project and holds every column a list filter tests, so a count
-- or a filtered page reads the index, not the table.  The scope indexes
-- serve indicator figures for a period, and lists and counts of a project,
-- likewise from the index alone.
CREATE INDEX activities_list ON activities(date, project_id, organisation_id, run_by, kind);
CREATE INDEX activities_project_scope ON activities(project_id, date, organisation_id, run_by,
  kind, youths, specialists, teachers, parents, business_staff, public);
CREATE INDEX activities_partner_scope ON activities(project_id, run_by, date, organisation_id,
  youths, specialists, teachers, parents, business_staff, public);
-- activities_project_scope begins with the columns of activities_project_date
-- (schema 2) and serves all it did, filters included; keeping both would only
-- steer the planner to the narrower one and make every write update both.
DROP INDEX activities_project_date;

-- Generation counters: a project's row goes up with every committed change
-- to anything its dashboard shows; row 0 goes up with every change to an
-- organisation's name, kind, country or municipality (seen by every
-- project).  A rendered dashboard remembers the two numbers it was computed
-- at and is served again only while both are unchanged.
CREATE TABLE programme_generation (
  project_id INTEGER PRIMARY KEY,
  gen INTEGER NOT NULL
) STRICT;
INSERT INTO programme_generation (project_id, gen) VALUES (0, 1);
INSERT INTO programme_generation (project_id, gen) SELECT id, 1 FROM projects;

-- Per project and month: activities, head-counts, and distinct institutions
-- reached in the month.  Months without activities have no row.
CREATE TABLE project_month (
  project_id INTEGER NOT NULL,
  month INTEGER NOT NULL,
  activities INTEGER NOT NULL,
  institutions INTEGER NOT NULL,
  youths INTEGER NOT NULL,
  specialists INTEGER NOT NULL,
  teachers INTEGER NOT NULL,
  parents INTEGER NOT NULL,
  business_staff INTEGER NOT NULL,
  public INTEGER NOT NULL,
  PRIMARY KEY (project_id, month)
) STRICT, WITHOUT ROWID;

-- How many activities each institution had in a month: kept so that
-- project_month.institutions can count distinct institutions on write.
CREATE TABLE project_month_org (
  project_id INTEGER NOT NULL,
  month INTEGER NOT NULL,
  organisation_id INTEGER NOT NULL,
  activities INTEGER NOT NULL,
  PRIMARY KEY (project_id, month, organisation_id)
) STRICT, WITHOUT ROWID;

-- Per project and institution reached (rows exist only while activities > 0).
CREATE TABLE project_org (
  project_id INTEGER NOT NULL,
  organisation_id INTEGER NOT NULL,
  activities INTEGER NOT NULL,
  youths INTEGER NOT NULL,
  specialists INTEGER NOT NULL,
  teachers INTEGER NOT NULL,
  parents INTEGER NOT NULL,
  business_staff INTEGER NOT NULL,
  public INTEGER NOT NULL,
  PRIMARY KEY (project_id, organisation_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX project_org_organisation ON project_org(organisation_id);

-- The same per partner organisation that ran the activities (run_by).
CREATE TABLE partner_org (
  project_id INTEGER NOT NULL,
  run_by INTEGER NOT NULL,
  organisation_id INTEGER NOT NULL,
  activities INTEGER NOT NULL,
  youths INTEGER NOT NULL,
  specialists INTEGER NOT NULL,
  teachers INTEGER NOT NULL,
  parents INTEGER NOT NULL,
  business_staff INTEGER NOT NULL,
  public INTEGER NOT NULL,
  PRIMARY KEY (project_id, run_by, organisation_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX partner_org_organisation ON partner_org(organisation_id);

-- Institutions reached grouped by what the dashboard breaks them down by and
-- indicator scopes filter on: kind, country and municipality ('' for none).
-- run_by 0 holds the whole project (an institution counted once however many
-- partners reached it); run_by = an organisation id holds that partner's.
-- Each institution is in exactly one group per run_by, so a scope's distinct
-- institutions are a sum over groups, and a dashboard reads a few hundred
-- rows however many activities there are.
CREATE TABLE project_group (
  project_id INTEGER NOT NULL,
  run_by INTEGER NOT NULL,
  kind TEXT NOT NULL,
  country TEXT NOT NULL,
  municipality TEXT NOT NULL,
  institutions INTEGER NOT NULL,
  activities INTEGER NOT NULL,
  youths INTEGER NOT NULL,
  specialists INTEGER NOT NULL,
  teachers INTEGER NOT NULL,
  parents INTEGER NOT NULL,
  business_staff INTEGER NOT NULL,
  public INTEGER NOT NULL,
  PRIMARY KEY (project_id, run_by, kind, country, municipality)
) STRICT, WITHOUT ROWID;

-- Aggregates of the activities already stored.
INSERT INTO project_month_org (project_id, month, organisation_id, activities)
  SELECT project_id, (CAST(strftime('%Y', date * 86400, 'unixepoch') AS INTEGER) - 1970) * 12
           + CAST(strftime('%m', date * 86400, 'unixepoch') AS INTEGER) - 1, organisation_id, count(*)
  FROM activities GROUP BY 1, 2, 3;
INSERT INTO project_month (project_id, month, activities, institutions, youths, specialists, teachers, parents, business_staff, public)
  SELECT project_id, (CAST(strftime('%Y', date * 86400, 'unixepoch') AS INTEGER) - 1970) * 12
           + CAST(strftime('%m', date * 86400, 'unixepoch') AS INTEGER) - 1, count(*), count(DISTINCT organisation_id), sum(youths), sum(specialists), sum(teachers), sum(parents), sum(business_staff), sum(public)
  FROM activities GROUP BY 1, 2;
INSERT INTO project_org (project_id, organisation_id, activities, youths, specialists, teachers, parents, business_staff, public)
  SELECT project_id, organisation_id, count(*), sum(youths), sum(specialists), sum(teachers), sum(parents), sum(business_staff), sum(public)
  FROM activities GROUP BY 1, 2;
INSERT INTO partner_org (project_id, run_by, organisation_id, activities, youths, specialists, teachers, parents, business_staff, public)
  SELECT project_id, run_by, organisation_id, count(*), sum(youths), sum(specialists), sum(teachers), sum(parents), sum(business_staff), sum(public)
  FROM activities GROUP BY 1, 2, 3;
INSERT INTO project_group (project_id, run_by, kind, country, municipality, institutions,
    activities, youths, specialists, teachers, parents, business_staff, public)
  SELECT r.project_id, 0, o.kind, o.country, coalesce(o.municipality, ''), count(*),
         sum(r.activities), sum(r.youths), sum(r.specialists), sum(r.teachers), sum(r.parents), sum(r.business_staff), sum(r.public)
  FROM project_org r JOIN organisations o ON o.id = r.organisation_id GROUP BY 1, 3, 4, 5;
INSERT INTO project_group (project_id, run_by, kind, country, municipality, institutions,
    activities, youths, specialists, teachers, parents, business_staff, public)
  SELECT r.project_id, r.run_by, o.kind, o.country, coalesce(o.municipality, ''), count(*),
         sum(r.activities), sum(r.youths), sum(r.specialists), sum(r.teachers), sum(r.parents), sum(r.business_staff), sum(r.public)
  FROM partner_org r JOIN organisations o ON o.id = r.organisation_id GROUP BY 1, 2, 3, 4, 5;

-- An activity counts into every aggregate ...
CREATE TRIGGER activities_count_insert AFTER INSERT ON activities BEGIN
  INSERT INTO project_month_org (project_id, month, organisation_id, activities)
    VALUES (NEW.project_id, (CAST(strftime('%Y', NEW.date * 86400, 'unixepoch') AS INTEGER) - 1970) * 12
                + CAST(strftime('%m', NEW.date * 86400, 'unixepoch') AS INTEGER) - 1, NEW.organisation_id, 1)
    ON CONFLICT (project_id, month, organisation_id) DO UPDATE SET activities = activities + 1;
  INSERT INTO project_month (project_id, month, activities, institutions, youths, specialists, teachers, parents, business_staff, public)
    SELECT NEW.project_id, pmo.month, 1, pmo.activities = 1, NEW.youths, NEW.specialists, NEW.teachers, NEW.parents, NEW.business_staff, NEW.public
    FROM project_month_org pmo
    WHERE pmo.project_id = NEW.project_id AND pmo.organisation_id = NEW.organisation_id
      AND pmo.month = (CAST(strftime('%Y', NEW.date * 86400, 'unixepoch') AS INTEGER) - 1970) * 12
                + CAST(strftime('%m', NEW.date * 86400, 'unixepoch') AS INTEGER) - 1
    ON CONFLICT (project_id, month) DO UPDATE SET
      activities = activities + 1, institutions = institutions + excluded.institutions,
      youths = youths + excluded.youths,
      specialists = specialists + excluded.specialists,
      teachers = teachers + excluded.teachers,
      parents = parents + excluded.parents,
      business_staff = business_staff + excluded.business_staff,
      public = public + excluded.public;
  INSERT INTO project_org (project_id, organisation_id, activities, youths, specialists, teachers, parents, business_staff, public)
    VALUES (NEW.project_id, NEW.organisation_id, 1, NEW.youths, NEW.specialists, NEW.teachers, NEW.parents, NEW.business_staff, NEW.public)
    ON CONFLICT (project_id, organisation_id) DO UPDATE SET activities = activities + 1,
      youths = youths + excluded.youths,
      specialists = specialists + excluded.specialists,
      teachers = teachers + excluded.teachers,
      parents = parents + excluded.parents,
      business_staff = business_staff + excluded.business_staff,
      public = public + excluded.public;
  INSERT INTO partner_org (project_id, run_by, organisation_id, activities, youths, specialists, teachers, parents, business_staff, public)
    VALUES (NEW.project_id, NEW.run_by, NEW.organisation_id, 1, NEW.youths, NEW.specialists, NEW.teachers, NEW.parents, NEW.business_staff, NEW.public)
    ON CONFLICT (project_id, run_by, organisation_id) DO UPDATE SET activities = activities + 1,
      youths = youths + excluded.youths,
      specialists = specialists + excluded.specialists,
      teachers = teachers + excluded.teachers,
      parents = parents + excluded.parents,
      business_staff = business_staff + excluded.business_staff,
      public = public + excluded.public;
  INSERT INTO project_group (project_id, run_by, kind, country, municipality, institutions,
      activities, youths, specialists, teachers, parents, business_staff, public)
    SELECT NEW.project_id, 0, o.kind, o.country, coalesce(o.municipality, ''), po.activities = 1,
           1, NEW.youths, NEW.specialists, NEW.teachers, NEW.parents, NEW.business_staff, NEW.public
    FROM organisations o JOIN project_org po
      ON po.project_id = NEW.project_id AND po.organisation_id = o.id
    WHERE o.id = NEW.organisation_id
    ON CONFLICT (project_id, run_by, kind, country, municipality) DO UPDATE SET
      institutions = institutions + excluded.institutions, activities = activities + 1,
      youths = youths + excluded.youths,
      specialists = specialists + excluded.specialists,
      teachers = teachers + excluded.teachers,
      parents = parents + excluded.parents,
      business_staff = business_staff + excluded.business_staff,
      public = public + excluded.public;
  INSERT INTO project_group (project_id, run_by, kind, country, municipality, institutions,
      activities, youths, specialists, teachers, parents, business_staff, public)
    SELECT NEW.project_id, NEW.run_by, o.kind, o.country, coalesce(o.municipality, ''),
           po.activities = 1, 1, NEW.youths, NEW.specialists, NEW.teachers, NEW.parents, NEW.business_staff, NEW.public
    FROM organisations o JOIN partner_org po
      ON po.project_id = NEW.project_id AND po.run_by = NEW.run_by AND po.organisation_id = o.id
    WHERE o.id = NEW.organisation_id
    ON CONFLICT (project_id, run_by, kind, country, municipality) DO UPDATE SET
      institutions = institutions + excluded.institutions, activities = activities + 1,
      youths = youths + excluded.youths,
      specialists = specialists + excluded.specialists,
      teachers = teachers + excluded.teachers,
      parents = parents + excluded.parents,
      business_staff = business_staff + excluded.business_staff,
      public = public + excluded.public;
  INSERT INTO indicator_scope_org (scope_id, organisation_id, activities, youths, specialists, teachers, parents, business_staff, public)
    SELECT s.id, NEW.organisation_id, 1, NEW.youths, NEW.specialists, NEW.teachers, NEW.parents, NEW.business_staff, NEW.public
    FROM indicator_scopes s JOIN organisations o ON o.id = NEW.organisation_id
    WHERE s.project_id = NEW.project_id AND s.run_by IN (0, NEW.run_by)
      AND NEW.date BETWEEN s.date_from AND s.date_to
      AND (s.kinds = '' OR instr(s.kinds, ',' || o.kind || ',') > 0)
      AND (s.country = '' OR s.country = o.country)
    ON CONFLICT (scope_id, organisation_id) DO UPDATE SET activities = activities + 1,
      youths = youths + excluded.youths,
      specialists = specialists + excluded.specialists,
      teachers = teachers + excluded.teachers,
      parents = parents + excluded.parents,
      business_staff = business_staff + excluded.business_staff,
      public = public + excluded.public;
  UPDATE indicator_scopes SET
      institutions = indicator_scopes.institutions + (so.activities = 1),
      activities = indicator_scopes.activities + 1,
      youths = indicator_scopes.youths + NEW.youths,
      specialists = indicator_scopes.specialists + NEW.specialists,
      teachers = indicator_scopes.teachers + NEW.teachers,
      parents = indicator_scopes.parents + NEW.parents,
      business_staff = indicator_scopes.business_staff + NEW.business_staff,
      public = indicator_scopes.public + NEW.public
    FROM indicator_scope_org so
    WHERE so.scope_id = indicator_scopes.id AND so.organisation_id = NEW.organisation_id
      AND indicator_scopes.id IN (SELECT s.id FROM indicator_scopes s
        JOIN organisations o ON o.id = NEW.organisation_id
        WHERE s.project_id = NEW.project_id AND s.run_by IN (0, NEW.run_by)
      AND NEW.date BETWEEN s.date_from AND s.date_to
      AND (s.kinds = '' OR instr(s.kinds, ',' || o.kind || ',') > 0)
      AND (s.country = '' OR s.country = o.country));
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = NEW.project_id;
END;

-- ... and out of them again; rows that reach zero activities go.
CREATE TRIGGER activities_count_delete AFTER DELETE ON activities BEGIN
  UPDATE project_month_org SET activities = activities - 1
    WHERE project_id = OLD.project_id AND organisation_id = OLD.organisation_id
      AND month = (CAST(strftime('%Y', OLD.date * 86400, 'unixepoch') AS INTEGER) - 1970) * 12
                + CAST(strftime('%m', OLD.date * 86400, 'unixepoch') AS INTEGER) - 1;
  UPDATE project_month SET
      activities = activities - 1,
      institutions = institutions - NOT EXISTS (SELECT 1 FROM project_month_org
        WHERE project_id = OLD.project_id AND organisation_id = OLD.organisation_id
          AND month = project_month.month AND activities > 0),
      youths = youths - OLD.youths,
      specialists = specialists - OLD.specialists,
      teachers = teachers - OLD.teachers,
      parents = parents - OLD.parents,
      business_staff = business_staff - OLD.business_staff,
      public = public - OLD.public
    WHERE project_id = OLD.project_id
      AND month = (CAST(strftime('%Y', OLD.date * 86400, 'unixepoch') AS INTEGER) - 1970) * 12
                + CAST(strftime('%m', OLD.date * 86400, 'unixepoch') AS INTEGER) - 1;
  DELETE FROM project_month_org
    WHERE project_id = OLD.project_id AND organisation_id = OLD.organisation_id
      AND activities = 0
      AND month = (CAST(strftime('%Y', OLD.date * 86400, 'unixepoch') AS INTEGER) - 1970) * 12
                + CAST(strftime('%m', OLD.date * 86400, 'unixepoch') AS INTEGER) - 1;
  DELETE FROM project_month
    WHERE project_id = OLD.project_id AND activities = 0
      AND month = (CAST(strftime('%Y', OLD.date * 86400, 'unixepoch') AS INTEGER) - 1970) * 12
                + CAST(strftime('%m', OLD.date * 86400, 'unixepoch') AS INTEGER) - 1;
  UPDATE project_org SET activities = activities - 1,
      youths = youths - OLD.youths,
      specialists = specialists - OLD.specialists,
      teachers = teachers - OLD.teachers,
      parents = parents - OLD.parents,
      business_staff = business_staff - OLD.business_staff,
      public = public - OLD.public
    WHERE project_id = OLD.project_id AND organisation_id = OLD.organisation_id;
  DELETE FROM project_org
    WHERE project_id = OLD.project_id AND organisation_id = OLD.organisation_id
      AND activities = 0;
  UPDATE partner_org SET activities = activities - 1,
      youths = youths - OLD.youths,
      specialists = specialists - OLD.specialists,
      teachers = teachers - OLD.teachers,
      parents = parents - OLD.parents,
      business_staff = business_staff - OLD.business_staff,
      public = public - OLD.public
    WHERE project_id = OLD.project_id AND run_by = OLD.run_by
      AND organisation_id = OLD.organisation_id;
  DELETE FROM partner_org
    WHERE project_id = OLD.project_id AND run_by = OLD.run_by
      AND organisation_id = OLD.organisation_id AND activities = 0;
  UPDATE project_group SET activities = activities - 1,
      institutions = institutions - NOT EXISTS (SELECT 1 FROM project_org
        WHERE project_id = OLD.project_id AND organisation_id = OLD.organisation_id),
      youths = youths - OLD.youths,
      specialists = specialists - OLD.specialists,
      teachers = teachers - OLD.teachers,
      parents = parents - OLD.parents,
      business_staff = business_staff - OLD.business_staff,
      public = public - OLD.public
    WHERE project_id = OLD.project_id AND run_by = 0
      AND (kind, country, municipality) =
        (SELECT kind, country, coalesce(municipality, '') FROM organisations
         WHERE id = OLD.organisation_id);
  UPDATE project_group SET activities = activities - 1,
      institutions = institutions - NOT EXISTS (SELECT 1 FROM partner_org
        WHERE project_id = OLD.project_id AND run_by = OLD.run_by
          AND organisation_id = OLD.organisation_id),
      youths = youths - OLD.youths,
      specialists = specialists - OLD.specialists,
      teachers = teachers - OLD.teachers,
      parents = parents - OLD.parents,
      business_staff = business_staff - OLD.business_staff,
      public = public - OLD.public
    WHERE project_id = OLD.project_id AND run_by = OLD.run_by
      AND (kind, country, municipality) =
        (SELECT kind, country, coalesce(municipality, '') FROM organisations
         WHERE id = OLD.organisation_id);
  DELETE FROM project_group
    WHERE project_id = OLD.project_id AND run_by IN (0, OLD.run_by) AND activities = 0;
  UPDATE indicator_scope_org SET activities = activities - 1,
      youths = youths - OLD.youths,
      specialists = specialists - OLD.specialists,
      teachers = teachers - OLD.teachers,
      parents = parents - OLD.parents,
      business_staff = business_staff - OLD.business_staff,
      public = public - OLD.public
    WHERE organisation_id = OLD.organisation_id
      AND scope_id IN (SELECT s.id FROM indicator_scopes s
        JOIN organisations o ON o.id = OLD.organisation_id
        WHERE s.project_id = OLD.project_id AND s.run_by IN (0, OLD.run_by)
      AND OLD.date BETWEEN s.date_from AND s.date_to
      AND (s.kinds = '' OR instr(s.kinds, ',' || o.kind || ',') > 0)
      AND (s.country = '' OR s.country = o.country));
  UPDATE indicator_scopes SET
      institutions = indicator_scopes.institutions - (so.activities = 0),
      activities = indicator_scopes.activities - 1,
      youths = indicator_scopes.youths - OLD.youths,
      specialists = indicator_scopes.specialists - OLD.specialists,
      teachers = indicator_scopes.teachers - OLD.teachers,
      parents = indicator_scopes.parents - OLD.parents,
      business_staff = indicator_scopes.business_staff - OLD.business_staff,
      public = indicator_scopes.public - OLD.public
    FROM indicator_scope_org so
    WHERE so.scope_id = indicator_scopes.id AND so.organisation_id = OLD.organisation_id
      AND indicator_scopes.id IN (SELECT s.id FROM indicator_scopes s
        JOIN organisations o ON o.id = OLD.organisation_id
        WHERE s.project_id = OLD.project_id AND s.run_by IN (0, OLD.run_by)
      AND OLD.date BETWEEN s.date_from AND s.date_to
      AND (s.kinds = '' OR instr(s.kinds, ',' || o.kind || ',') > 0)
      AND (s.country = '' OR s.country = o.country));
  DELETE FROM indicator_scope_org WHERE organisation_id = OLD.organisation_id AND activities = 0;
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = OLD.project_id;
END;

-- An edit takes the old values out and puts the new ones in, as a delete and
-- an insert would.  (Every edit moves the generation: see below.)
CREATE TRIGGER activities_count_update AFTER UPDATE OF project_id, organisation_id, run_by, date,
    youths, specialists, teachers, parents, business_staff, public ON activities BEGIN
  UPDATE project_month_org SET activities = activities - 1
    WHERE project_id = OLD.project_id AND organisation_id = OLD.organisation_id
      AND month = (CAST(strftime('%Y', OLD.date * 86400, 'unixepoch') AS INTEGER) - 1970) * 12
                + CAST(strftime('%m', OLD.date * 86400, 'unixepoch') AS INTEGER) - 1;
  UPDATE project_month SET
      activities = activities - 1,
      institutions = institutions - NOT EXISTS (SELECT 1 FROM project_month_org
        WHERE project_id = OLD.project_id AND organisation_id = OLD.organisation_id
          AND month = project_month.month AND activities > 0),
      youths = youths - OLD.youths,
      specialists = specialists - OLD.specialists,
      teachers = teachers - OLD.teachers,
      parents = parents - OLD.parents,
      business_staff = business_staff - OLD.business_staff,
      public = public - OLD.public
    WHERE project_id = OLD.project_id
      AND month = (CAST(strftime('%Y', OLD.date * 86400, 'unixepoch') AS INTEGER) - 1970) * 12
                + CAST(strftime('%m', OLD.date * 86400, 'unixepoch') AS INTEGER) - 1;
  DELETE FROM project_month_org
    WHERE project_id = OLD.project_id AND organisation_id = OLD.organisation_id
      AND activities = 0
      AND month = (CAST(strftime('%Y', OLD.date * 86400, 'unixepoch') AS INTEGER) - 1970) * 12
                + CAST(strftime('%m', OLD.date * 86400, 'unixepoch') AS INTEGER) - 1;
  DELETE FROM project_month
    WHERE project_id = OLD.project_id AND activities = 0
      AND month = (CAST(strftime('%Y', OLD.date * 86400, 'unixepoch') AS INTEGER) - 1970) * 12
                + CAST(strftime('%m', OLD.date * 86400, 'unixepoch') AS INTEGER) - 1;
  UPDATE project_org SET activities = activities - 1,
      youths = youths - OLD.youths,
      specialists = specialists - OLD.specialists,
      teachers = teachers - OLD.teachers,
      parents = parents - OLD.parents,
      business_staff = business_staff - OLD.business_staff,
      public = public - OLD.public
    WHERE project_id = OLD.project_id AND organisation_id = OLD.organisation_id;
  DELETE FROM project_org
    WHERE project_id = OLD.project_id AND organisation_id = OLD.organisation_id
      AND activities = 0;
  UPDATE partner_org SET activities = activities - 1,
      youths = youths - OLD.youths,
      specialists = specialists - OLD.specialists,
      teachers = teachers - OLD.teachers,
      parents = parents - OLD.parents,
      business_staff = business_staff - OLD.business_staff,
      public = public - OLD.public
    WHERE project_id = OLD.project_id AND run_by = OLD.run_by
      AND organisation_id = OLD.organisation_id;
  DELETE FROM partner_org
    WHERE project_id = OLD.project_id AND run_by = OLD.run_by
      AND organisation_id = OLD.organisation_id AND activities = 0;
  UPDATE project_group SET activities = activities - 1,
      institutions = institutions - NOT EXISTS (SELECT 1 FROM project_org
        WHERE project_id = OLD.project_id AND organisation_id = OLD.organisation_id),
      youths = youths - OLD.youths,
      specialists = specialists - OLD.specialists,
      teachers = teachers - OLD.teachers,
      parents = parents - OLD.parents,
      business_staff = business_staff - OLD.business_staff,
      public = public - OLD.public
    WHERE project_id = OLD.project_id AND run_by = 0
      AND (kind, country, municipality) =
        (SELECT kind, country, coalesce(municipality, '') FROM organisations
         WHERE id = OLD.organisation_id);
  UPDATE project_group SET activities = activities - 1,
      institutions = institutions - NOT EXISTS (SELECT 1 FROM partner_org
        WHERE project_id = OLD.project_id AND run_by = OLD.run_by
          AND organisation_id = OLD.organisation_id),
      youths = youths - OLD.youths,
      specialists = specialists - OLD.specialists,
      teachers = teachers - OLD.teachers,
      parents = parents - OLD.parents,
      business_staff = business_staff - OLD.business_staff,
      public = public - OLD.public
    WHERE project_id = OLD.project_id AND run_by = OLD.run_by
      AND (kind, country, municipality) =
        (SELECT kind, country, coalesce(municipality, '') FROM organisations
         WHERE id = OLD.organisation_id);
  DELETE FROM project_group
    WHERE project_id = OLD.project_id AND run_by IN (0, OLD.run_by) AND activities = 0;
  UPDATE indicator_scope_org SET activities = activities - 1,
      youths = youths - OLD.youths,
      specialists = specialists - OLD.specialists,
      teachers = teachers - OLD.teachers,
      parents = parents - OLD.parents,
      business_staff = business_staff - OLD.business_staff,
      public = public - OLD.public
    WHERE organisation_id = OLD.organisation_id
      AND scope_id IN (SELECT s.id FROM indicator_scopes s
        JOIN organisations o ON o.id = OLD.organisation_id
        WHERE s.project_id = OLD.project_id AND s.run_by IN (0, OLD.run_by)
      AND OLD.date BETWEEN s.date_from AND s.date_to
      AND (s.kinds = '' OR instr(s.kinds, ',' || o.kind || ',') > 0)
      AND (s.country = '' OR s.country = o.country));
  UPDATE indicator_scopes SET
      institutions = indicator_scopes.institutions - (so.activities = 0),
      activities = indicator_scopes.activities - 1,
      youths = indicator_scopes.youths - OLD.youths,
      specialists = indicator_scopes.specialists - OLD.specialists,
      teachers = indicator_scopes.teachers - OLD.teachers,
      parents = indicator_scopes.parents - OLD.parents,
      business_staff = indicator_scopes.business_staff - OLD.business_staff,
      public = indicator_scopes.public - OLD.public
    FROM indicator_scope_org so
    WHERE so.scope_id = indicator_scopes.id AND so.organisation_id = OLD.organisation_id
      AND indicator_scopes.id IN (SELECT s.id FROM indicator_scopes s
        JOIN organisations o ON o.id = OLD.organisation_id
        WHERE s.project_id = OLD.project_id AND s.run_by IN (0, OLD.run_by)
      AND OLD.date BETWEEN s.date_from AND s.date_to
      AND (s.kinds = '' OR instr(s.kinds, ',' || o.kind || ',') > 0)
      AND (s.country = '' OR s.country = o.country));
  DELETE FROM indicator_scope_org WHERE organisation_id = OLD.organisation_id AND activities = 0;
  INSERT INTO project_month_org (project_id, month, organisation_id, activities)
    VALUES (NEW.project_id, (CAST(strftime('%Y', NEW.date * 86400, 'unixepoch') AS INTEGER) - 1970) * 12
                + CAST(strftime('%m', NEW.date * 86400, 'unixepoch') AS INTEGER) - 1, NEW.organisation_id, 1)
    ON CONFLICT (project_id, month, organisation_id) DO UPDATE SET activities = activities + 1;
  INSERT INTO project_month (project_id, month, activities, institutions, youths, specialists, teachers, parents, business_staff, public)
    SELECT NEW.project_id, pmo.month, 1, pmo.activities = 1, NEW.youths, NEW.specialists, NEW.teachers, NEW.parents, NEW.business_staff, NEW.public
    FROM project_month_org pmo
    WHERE pmo.project_id = NEW.project_id AND pmo.organisation_id = NEW.organisation_id
      AND pmo.month = (CAST(strftime('%Y', NEW.date * 86400, 'unixepoch') AS INTEGER) - 1970) * 12
                + CAST(strftime('%m', NEW.date * 86400, 'unixepoch') AS INTEGER) - 1
    ON CONFLICT (project_id, month) DO UPDATE SET
      activities = activities + 1, institutions = institutions + excluded.institutions,
      youths = youths + excluded.youths,
      specialists = specialists + excluded.specialists,
      teachers = teachers + excluded.teachers,
      parents = parents + excluded.parents,
      business_staff = business_staff + excluded.business_staff,
      public = public + excluded.public;
  INSERT INTO project_org (project_id, organisation_id, activities, youths, specialists, teachers, parents, business_staff, public)
    VALUES (NEW.project_id, NEW.organisation_id, 1, NEW.youths, NEW.specialists, NEW.teachers, NEW.parents, NEW.business_staff, NEW.public)
    ON CONFLICT (project_id, organisation_id) DO UPDATE SET activities = activities + 1,
      youths = youths + excluded.youths,
      specialists = specialists + excluded.specialists,
      teachers = teachers + excluded.teachers,
      parents = parents + excluded.parents,
      business_staff = business_staff + excluded.business_staff,
      public = public + excluded.public;
  INSERT INTO partner_org (project_id, run_by, organisation_id, activities, youths, specialists, teachers, parents, business_staff, public)
    VALUES (NEW.project_id, NEW.run_by, NEW.organisation_id, 1, NEW.youths, NEW.specialists, NEW.teachers, NEW.parents, NEW.business_staff, NEW.public)
    ON CONFLICT (project_id, run_by, organisation_id) DO UPDATE SET activities = activities + 1,
      youths = youths + excluded.youths,
      specialists = specialists + excluded.specialists,
      teachers = teachers + excluded.teachers,
      parents = parents + excluded.parents,
      business_staff = business_staff + excluded.business_staff,
      public = public + excluded.public;
  INSERT INTO project_group (project_id, run_by, kind, country, municipality, institutions,
      activities, youths, specialists, teachers, parents, business_staff, public)
    SELECT NEW.project_id, 0, o.kind, o.country, coalesce(o.municipality, ''), po.activities = 1,
           1, NEW.youths, NEW.specialists, NEW.teachers, NEW.parents, NEW.business_staff, NEW.public
    FROM organisations o JOIN project_org po
      ON po.project_id = NEW.project_id AND po.organisation_id = o.id
    WHERE o.id = NEW.organisation_id
    ON CONFLICT (project_id, run_by, kind, country, municipality) DO UPDATE SET
      institutions = institutions + excluded.institutions, activities = activities + 1,
      youths = youths + excluded.youths,
      specialists = specialists + excluded.specialists,
      teachers = teachers + excluded.teachers,
      parents = parents + excluded.parents,
      business_staff = business_staff + excluded.business_staff,
      public = public + excluded.public;
  INSERT INTO project_group (project_id, run_by, kind, country, municipality, institutions,
      activities, youths, specialists, teachers, parents, business_staff, public)
    SELECT NEW.project_id, NEW.run_by, o.kind, o.country, coalesce(o.municipality, ''),
           po.activities = 1, 1, NEW.youths, NEW.specialists, NEW.teachers, NEW.parents, NEW.business_staff, NEW.public
    FROM organisations o JOIN partner_org po
      ON po.project_id = NEW.project_id AND po.run_by = NEW.run_by AND po.organisation_id = o.id
    WHERE o.id = NEW.organisation_id
    ON CONFLICT (project_id, run_by, kind, country, municipality) DO UPDATE SET
      institutions = institutions + excluded.institutions, activities = activities + 1,
      youths = youths + excluded.youths,
      specialists = specialists + excluded.specialists,
      teachers = teachers + excluded.teachers,
      parents = parents + excluded.parents,
      business_staff = business_staff + excluded.business_staff,
      public = public + excluded.public;
  INSERT INTO indicator_scope_org (scope_id, organisation_id, activities, youths, specialists, teachers, parents, business_staff, public)
    SELECT s.id, NEW.organisation_id, 1, NEW.youths, NEW.specialists, NEW.teachers, NEW.parents, NEW.business_staff, NEW.public
    FROM indicator_scopes s JOIN organisations o ON o.id = NEW.organisation_id
    WHERE s.project_id = NEW.project_id AND s.run_by IN (0, NEW.run_by)
      AND NEW.date BETWEEN s.date_from AND s.date_to
      AND (s.kinds = '' OR instr(s.kinds, ',' || o.kind || ',') > 0)
      AND (s.country = '' OR s.country = o.country)
    ON CONFLICT (scope_id, organisation_id) DO UPDATE SET activities = activities + 1,
      youths = youths + excluded.youths,
      specialists = specialists + excluded.specialists,
      teachers = teachers + excluded.teachers,
      parents = parents + excluded.parents,
      business_staff = business_staff + excluded.business_staff,
      public = public + excluded.public;
  UPDATE indicator_scopes SET
      institutions = indicator_scopes.institutions + (so.activities = 1),
      activities = indicator_scopes.activities + 1,
      youths = indicator_scopes.youths + NEW.youths,
      specialists = indicator_scopes.specialists + NEW.specialists,
      teachers = indicator_scopes.teachers + NEW.teachers,
      parents = indicator_scopes.parents + NEW.parents,
      business_staff = indicator_scopes.business_staff + NEW.business_staff,
      public = indicator_scopes.public + NEW.public
    FROM indicator_scope_org so
    WHERE so.scope_id = indicator_scopes.id AND so.organisation_id = NEW.organisation_id
      AND indicator_scopes.id IN (SELECT s.id FROM indicator_scopes s
        JOIN organisations o ON o.id = NEW.organisation_id
        WHERE s.project_id = NEW.project_id AND s.run_by IN (0, NEW.run_by)
      AND NEW.date BETWEEN s.date_from AND s.date_to
      AND (s.kinds = '' OR instr(s.kinds, ',' || o.kind || ',') > 0)
      AND (s.country = '' OR s.country = o.country));
END;

-- Generations.  Any change a dashboard can show moves its project's number.
CREATE TRIGGER activities_generation_update AFTER UPDATE ON activities BEGIN
  UPDATE programme_generation SET gen = gen + 1
    WHERE project_id IN (OLD.project_id, NEW.project_id);
END;
CREATE TRIGGER projects_generation_insert AFTER INSERT ON projects BEGIN
  INSERT INTO programme_generation (project_id, gen) VALUES (NEW.id, 1)
    ON CONFLICT (project_id) DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER projects_generation_update AFTER UPDATE ON projects BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id IN (OLD.id, NEW.id);
END;
CREATE TRIGGER projects_generation_delete AFTER DELETE ON projects BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = OLD.id;
END;
CREATE TRIGGER partners_generation_insert AFTER INSERT ON partners BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = NEW.project_id;
END;
CREATE TRIGGER partners_generation_update AFTER UPDATE ON partners BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id IN (OLD.project_id, NEW.project_id);
END;
CREATE TRIGGER partners_generation_delete AFTER DELETE ON partners BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = OLD.project_id;
END;
CREATE TRIGGER expenses_generation_insert AFTER INSERT ON expenses BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = NEW.project_id;
END;
CREATE TRIGGER expenses_generation_update AFTER UPDATE ON expenses BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id IN (OLD.project_id, NEW.project_id);
END;
CREATE TRIGGER expenses_generation_delete AFTER DELETE ON expenses BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = OLD.project_id;
END;
CREATE TRIGGER indicators_generation_insert AFTER INSERT ON indicators BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = NEW.project_id;
END;
CREATE TRIGGER indicators_generation_update AFTER UPDATE ON indicators BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id IN (OLD.project_id, NEW.project_id);
END;
CREATE TRIGGER indicators_generation_delete AFTER DELETE ON indicators BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = OLD.project_id;
END;
CREATE TRIGGER indicator_targets_generation_insert AFTER INSERT ON indicator_targets BEGIN
  UPDATE programme_generation SET gen = gen + 1
    WHERE project_id = (SELECT project_id FROM indicators WHERE id = NEW.indicator_id);
END;
CREATE TRIGGER indicator_targets_generation_update AFTER UPDATE ON indicator_targets BEGIN
  UPDATE programme_generation SET gen = gen + 1
    WHERE project_id IN (SELECT project_id FROM indicators
                         WHERE id IN (OLD.indicator_id, NEW.indicator_id));
END;
CREATE TRIGGER indicator_targets_generation_delete AFTER DELETE ON indicator_targets BEGIN
  UPDATE programme_generation SET gen = gen + 1
    WHERE project_id = (SELECT project_id FROM indicators WHERE id = OLD.indicator_id);
END;
-- An organisation's name, kind, country and municipality appear on (or
-- sort into) every dashboard that reached it: row 0 moves for all.
CREATE TRIGGER organisations_generation_update AFTER UPDATE OF name, kind, country, municipality
    ON organisations BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = 0;
END;
CREATE TRIGGER organisations_generation_delete AFTER DELETE ON organisations BEGIN
  UPDATE programme_generation SET gen = gen + 1 WHERE project_id = 0;
END;

-- An institution whose kind, country or municipality changes moves, with
-- everything it counts for, from its old groups to its new ones.
CREATE TRIGGER organisations_regroup AFTER UPDATE OF kind, country, municipality ON organisations
    WHEN OLD.kind IS NOT NEW.kind OR OLD.country IS NOT NEW.country
      OR OLD.municipality IS NOT NEW.municipality BEGIN
  UPDATE project_group SET
      institutions = project_group.institutions - 1,
      activities = project_group.activities - r.activities,
      youths = project_group.youths - r.youths,
      specialists = project_group.specialists - r.specialists,
      teachers = project_group.teachers - r.teachers,
      parents = project_group.parents - r.parents,
      business_staff = project_group.business_staff - r.business_staff,
      public = project_group.public - r.public
    FROM (SELECT project_id, 0 AS run_by, activities, youths, specialists, teachers, parents, business_staff, public FROM project_org
          WHERE organisation_id = OLD.id
          UNION ALL
          SELECT project_id, run_by, activities, youths, specialists, teachers, parents, business_staff, public FROM partner_org
          WHERE organisation_id = OLD.id) AS r
    WHERE project_group.project_id = r.project_id AND project_group.run_by = r.run_by
      AND project_group.kind = OLD.kind AND project_group.country = OLD.country
      AND project_group.municipality = coalesce(OLD.municipality, '');
  DELETE FROM project_group
    WHERE activities = 0 AND kind = OLD.kind AND country = OLD.country
      AND municipality = coalesce(OLD.municipality, '');
  INSERT INTO project_group (project_id, run_by, kind, country, municipality, institutions,
      activities, youths, specialists, teachers, parents, business_staff, public)
    SELECT project_id, 0, NEW.kind, NEW.country, coalesce(NEW.municipality, ''), 1, activities,
           youths, specialists, teachers, parents, business_staff, public
    FROM project_org WHERE organisation_id = NEW.id
    ON CONFLICT (project_id, run_by, kind, country, municipality) DO UPDATE SET
      institutions = institutions + 1, activities = activities + excluded.activities,
      youths = youths + excluded.youths,
      specialists = specialists + excluded.specialists,
      teachers = teachers + excluded.teachers,
      parents = parents + excluded.parents,
      business_staff = business_staff + excluded.business_staff,
      public = public + excluded.public;
  INSERT INTO project_group (project_id, run_by, kind, country, municipality, institutions,
      activities, youths, specialists, teachers, parents, business_staff, public)
    SELECT project_id, run_by, NEW.kind, NEW.country, coalesce(NEW.municipality, ''), 1,
           activities, youths, specialists, teachers, parents, business_staff, public
    FROM partner_org WHERE organisation_id = NEW.id
    ON CONFLICT (project_id, run_by, kind, country, municipality) DO UPDATE SET
      institutions = institutions + 1, activities = activities + excluded.activities,
      youths = youths + excluded.youths,
      specialists = specialists + excluded.specialists,
      teachers = teachers + excluded.teachers,
      parents = parents + excluded.parents,
      business_staff = business_staff + excluded.business_staff,
      public = public + excluded.public;
END;

-- ... and out of the period scopes it no longer fits, into those it now fits
-- (its activities there counted afresh through activities_organisation).
CREATE TRIGGER organisations_rescope AFTER UPDATE OF kind, country ON organisations
    WHEN OLD.kind IS NOT NEW.kind OR OLD.country IS NOT NEW.country BEGIN
  UPDATE indicator_scopes SET
      institutions = indicator_scopes.institutions - 1,
      activities = indicator_scopes.activities - so.activities,
      youths = indicator_scopes.youths - so.youths,
      specialists = indicator_scopes.specialists - so.specialists,
      teachers = indicator_scopes.teachers - so.teachers,
      parents = indicator_scopes.parents - so.parents,
      business_staff = indicator_scopes.business_staff - so.business_staff,
      public = indicator_scopes.public - so.public
    FROM indicator_scope_org so
    WHERE so.scope_id = indicator_scopes.id AND so.organisation_id = NEW.id
      AND indicator_scopes.id IN (SELECT s.id FROM indicator_scopes s
        WHERE NOT ((s.kinds = '' OR instr(s.kinds, ',' || NEW.kind || ',') > 0)
          AND (s.country = '' OR s.country = NEW.country)));
  DELETE FROM indicator_scope_org
    WHERE organisation_id = NEW.id AND scope_id IN (SELECT s.id FROM indicator_scopes s
      WHERE NOT ((s.kinds = '' OR instr(s.kinds, ',' || NEW.kind || ',') > 0)
          AND (s.country = '' OR s.country = NEW.country)));
  INSERT INTO indicator_scope_org (scope_id, organisation_id, activities, youths, specialists, teachers, parents, business_staff, public)
    SELECT s.id, NEW.id, count(*), sum(a.youths), sum(a.specialists), sum(a.teachers), sum(a.parents), sum(a.business_staff), sum(a.public)
    FROM indicator_scopes s JOIN activities a
      ON a.organisation_id = NEW.id AND a.project_id = s.project_id
        AND (s.run_by = 0 OR a.run_by = s.run_by) AND a.date BETWEEN s.date_from AND s.date_to
    WHERE ((s.kinds = '' OR instr(s.kinds, ',' || NEW.kind || ',') > 0)
          AND (s.country = '' OR s.country = NEW.country)) AND NOT ((s.kinds = '' OR instr(s.kinds, ',' || OLD.kind || ',') > 0)
          AND (s.country = '' OR s.country = OLD.country))
    GROUP BY s.id;
  UPDATE indicator_scopes SET
      institutions = indicator_scopes.institutions + 1,
      activities = indicator_scopes.activities + so.activities,
      youths = indicator_scopes.youths + so.youths,
      specialists = indicator_scopes.specialists + so.specialists,
      teachers = indicator_scopes.teachers + so.teachers,
      parents = indicator_scopes.parents + so.parents,
      business_staff = indicator_scopes.business_staff + so.business_staff,
      public = indicator_scopes.public + so.public
    FROM indicator_scope_org so
    WHERE so.scope_id = indicator_scopes.id AND so.organisation_id = NEW.id
      AND indicator_scopes.id IN (SELECT s.id FROM indicator_scopes s
        WHERE ((s.kinds = '' OR instr(s.kinds, ',' || NEW.kind || ',') > 0)
          AND (s.country = '' OR s.country = NEW.country)) AND NOT ((s.kinds = '' OR instr(s.kinds, ',' || OLD.kind || ',') > 0)
          AND (s.country = '' OR s.country = OLD.country)));
END;
