-- The aggregates of schema 3 applied once per import instead of once per row:
-- a measured prototype for docs/performance.md ("Prevention programme").
--
-- On a SCRATCH COPY of a bench database only: it drops the trigger
-- activities_count_insert for good.  The copy needs the table bench_import
-- holding the rows as bench/programme.sh writes them (its CSV loaded with
-- `.import --csv --skip 1 FILE bench_import`).  Then
--
--   sqlite3 copy.db < bench/import_setbased.sql
--
-- inserts the rows into activities with no per-row trigger and brings
-- project_month, project_month_org, project_org, partner_org, project_group and
-- programme_generation up to date in a few set-based statements.  The
-- aggregate tables come out identical, row for row, to those the trigger
-- writes (compare `SELECT * FROM t ORDER BY key` of both copies).
-- Topics and materials are left out: no aggregate reads them.
PRAGMA foreign_keys=ON; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;
.timer on
BEGIN;
DROP TRIGGER activities_count_insert;
CREATE TEMP TABLE s AS SELECT project_id, organisation_id, run_by,
  CAST(strftime('%s', date) AS INTEGER) / 86400 AS date, kind, youths, specialists, teachers,
  parents, business_staff, public, notes FROM bench_import;
INSERT INTO activities (project_id, organisation_id, run_by, date, kind, youths, specialists,
  teachers, parents, business_staff, public, topics, materials, notes, created_by, created_at, updated_at)
SELECT project_id, organisation_id, run_by, date, kind, youths, specialists, teachers, parents,
  business_staff, public, 1, '[]', notes, NULL, unixepoch(), unixepoch() FROM s;
CREATE TEMP TABLE sm AS SELECT project_id, organisation_id, run_by,
  (CAST(strftime('%Y', date * 86400, 'unixepoch') AS INTEGER) - 1970) * 12
    + CAST(strftime('%m', date * 86400, 'unixepoch') AS INTEGER) - 1 AS month,
  youths, specialists, teachers, parents, business_staff, public FROM s;
-- months
CREATE TEMP TABLE d_pmo AS SELECT project_id, month, organisation_id, count(*) AS n,
  NOT EXISTS (SELECT 1 FROM project_month_org p WHERE p.project_id = sm.project_id
              AND p.month = sm.month AND p.organisation_id = sm.organisation_id) AS new
  FROM sm GROUP BY 1, 2, 3;
INSERT INTO project_month (project_id, month, activities, institutions, youths, specialists,
  teachers, parents, business_staff, public)
SELECT a.project_id, a.month, a.n, b.new_inst, a.y, a.sp, a.t, a.pa, a.b, a.pu
FROM (SELECT project_id, month, count(*) n, sum(youths) y, sum(specialists) sp, sum(teachers) t,
        sum(parents) pa, sum(business_staff) b, sum(public) pu FROM sm GROUP BY 1, 2) a
JOIN (SELECT project_id, month, sum(new) new_inst FROM d_pmo GROUP BY 1, 2) b
  USING (project_id, month) WHERE true
ON CONFLICT (project_id, month) DO UPDATE SET activities = activities + excluded.activities,
  institutions = institutions + excluded.institutions, youths = youths + excluded.youths,
  specialists = specialists + excluded.specialists, teachers = teachers + excluded.teachers,
  parents = parents + excluded.parents, business_staff = business_staff + excluded.business_staff,
  public = public + excluded.public;
INSERT INTO project_month_org (project_id, month, organisation_id, activities)
SELECT project_id, month, organisation_id, n FROM d_pmo WHERE true
ON CONFLICT (project_id, month, organisation_id) DO UPDATE SET activities = activities + excluded.activities;
-- institutions, whole project (run_by 0)
CREATE TEMP TABLE d_po AS SELECT project_id, organisation_id, count(*) n, sum(youths) y,
  sum(specialists) sp, sum(teachers) t, sum(parents) pa, sum(business_staff) b, sum(public) pu,
  NOT EXISTS (SELECT 1 FROM project_org p WHERE p.project_id = sm.project_id
              AND p.organisation_id = sm.organisation_id) AS new
  FROM sm GROUP BY 1, 2;
INSERT INTO project_group (project_id, run_by, kind, country, municipality, institutions,
  activities, youths, specialists, teachers, parents, business_staff, public)
SELECT d.project_id, 0, o.kind, o.country, coalesce(o.municipality, ''), sum(d.new), sum(d.n),
  sum(d.y), sum(d.sp), sum(d.t), sum(d.pa), sum(d.b), sum(d.pu)
FROM d_po d JOIN organisations o ON o.id = d.organisation_id WHERE true GROUP BY 1, 2, 3, 4, 5
ON CONFLICT (project_id, run_by, kind, country, municipality) DO UPDATE SET
  institutions = institutions + excluded.institutions, activities = activities + excluded.activities,
  youths = youths + excluded.youths, specialists = specialists + excluded.specialists,
  teachers = teachers + excluded.teachers, parents = parents + excluded.parents,
  business_staff = business_staff + excluded.business_staff, public = public + excluded.public;
INSERT INTO project_org (project_id, organisation_id, activities, youths, specialists, teachers,
  parents, business_staff, public)
SELECT project_id, organisation_id, n, y, sp, t, pa, b, pu FROM d_po WHERE true
ON CONFLICT (project_id, organisation_id) DO UPDATE SET activities = activities + excluded.activities,
  youths = youths + excluded.youths, specialists = specialists + excluded.specialists,
  teachers = teachers + excluded.teachers, parents = parents + excluded.parents,
  business_staff = business_staff + excluded.business_staff, public = public + excluded.public;
-- institutions per partner
CREATE TEMP TABLE d_pa AS SELECT project_id, run_by, organisation_id, count(*) n, sum(youths) y,
  sum(specialists) sp, sum(teachers) t, sum(parents) pa, sum(business_staff) b, sum(public) pu,
  NOT EXISTS (SELECT 1 FROM partner_org p WHERE p.project_id = sm.project_id
              AND p.run_by = sm.run_by AND p.organisation_id = sm.organisation_id) AS new
  FROM sm GROUP BY 1, 2, 3;
INSERT INTO project_group (project_id, run_by, kind, country, municipality, institutions,
  activities, youths, specialists, teachers, parents, business_staff, public)
SELECT d.project_id, d.run_by, o.kind, o.country, coalesce(o.municipality, ''), sum(d.new), sum(d.n),
  sum(d.y), sum(d.sp), sum(d.t), sum(d.pa), sum(d.b), sum(d.pu)
FROM d_pa d JOIN organisations o ON o.id = d.organisation_id WHERE true GROUP BY 1, 2, 3, 4, 5
ON CONFLICT (project_id, run_by, kind, country, municipality) DO UPDATE SET
  institutions = institutions + excluded.institutions, activities = activities + excluded.activities,
  youths = youths + excluded.youths, specialists = specialists + excluded.specialists,
  teachers = teachers + excluded.teachers, parents = parents + excluded.parents,
  business_staff = business_staff + excluded.business_staff, public = public + excluded.public;
INSERT INTO partner_org (project_id, run_by, organisation_id, activities, youths, specialists,
  teachers, parents, business_staff, public)
SELECT project_id, run_by, organisation_id, n, y, sp, t, pa, b, pu FROM d_pa WHERE true
ON CONFLICT (project_id, run_by, organisation_id) DO UPDATE SET activities = activities + excluded.activities,
  youths = youths + excluded.youths, specialists = specialists + excluded.specialists,
  teachers = teachers + excluded.teachers, parents = parents + excluded.parents,
  business_staff = business_staff + excluded.business_staff, public = public + excluded.public;
UPDATE programme_generation SET gen = gen + 1 WHERE project_id IN (SELECT DISTINCT project_id FROM s);
COMMIT;
