-- ecat schema 13: the dashboard's cooperation figures kept on write.
--
-- "cooperation" counts, per partner, the meetings held at businesses, hotels
-- and health services.  Counted from the activities at each dashboard build it
-- read every meeting of the project and its organisation (1.2 s for a
-- project of 1,000,000 activities); kept here like the other aggregates, it
-- is a few rows per partner.  One row per project, partner and kind of the
-- organisation met; rows that reach zero meetings go.
CREATE TABLE partner_meetings (
  project_id INTEGER NOT NULL,
  run_by INTEGER NOT NULL,
  org_kind TEXT NOT NULL,
  meetings INTEGER NOT NULL,
  PRIMARY KEY (project_id, run_by, org_kind)
) STRICT, WITHOUT ROWID;

INSERT INTO partner_meetings (project_id, run_by, org_kind, meetings)
  SELECT a.project_id, a.run_by, o.kind, count(*)
  FROM activities a JOIN organisations o ON o.id = a.organisation_id
  WHERE a.kind = 'meeting' GROUP BY 1, 2, 3;

CREATE TRIGGER activities_meeting_insert AFTER INSERT ON activities
  WHEN NEW.kind = 'meeting' BEGIN
  INSERT INTO partner_meetings (project_id, run_by, org_kind, meetings)
    SELECT NEW.project_id, NEW.run_by, o.kind, 1 FROM organisations o WHERE o.id = NEW.organisation_id
    ON CONFLICT (project_id, run_by, org_kind) DO UPDATE SET meetings = meetings + 1;
END;

CREATE TRIGGER activities_meeting_delete AFTER DELETE ON activities
  WHEN OLD.kind = 'meeting' BEGIN
  UPDATE partner_meetings SET meetings = meetings - 1
    WHERE project_id = OLD.project_id AND run_by = OLD.run_by
      AND org_kind = (SELECT kind FROM organisations WHERE id = OLD.organisation_id);
  DELETE FROM partner_meetings WHERE project_id = OLD.project_id AND run_by = OLD.run_by
    AND meetings = 0;
END;

-- An activity that becomes or stops being a meeting, or moves to another
-- project, partner or organisation: out of its old row, into its new one.
CREATE TRIGGER activities_meeting_update
  AFTER UPDATE OF kind, project_id, run_by, organisation_id ON activities
  WHEN OLD.kind = 'meeting' OR NEW.kind = 'meeting' BEGIN
  UPDATE partner_meetings SET meetings = meetings - 1
    WHERE OLD.kind = 'meeting' AND project_id = OLD.project_id AND run_by = OLD.run_by
      AND org_kind = (SELECT kind FROM organisations WHERE id = OLD.organisation_id);
  DELETE FROM partner_meetings WHERE project_id = OLD.project_id AND run_by = OLD.run_by
    AND meetings = 0;
  INSERT INTO partner_meetings (project_id, run_by, org_kind, meetings)
    SELECT NEW.project_id, NEW.run_by, o.kind, 1 FROM organisations o
    WHERE NEW.kind = 'meeting' AND o.id = NEW.organisation_id
    ON CONFLICT (project_id, run_by, org_kind) DO UPDATE SET meetings = meetings + 1;
END;

-- An organisation that changes kind takes its meetings to its new kind's rows.
CREATE TRIGGER organisations_meetings_rekind AFTER UPDATE OF kind ON organisations
  WHEN OLD.kind <> NEW.kind BEGIN
  UPDATE partner_meetings SET meetings = meetings - m.n
    FROM (SELECT project_id, run_by, count(*) AS n FROM activities
          WHERE organisation_id = NEW.id AND kind = 'meeting' GROUP BY 1, 2) AS m
    WHERE partner_meetings.project_id = m.project_id AND partner_meetings.run_by = m.run_by
      AND partner_meetings.org_kind = OLD.kind;
  DELETE FROM partner_meetings WHERE org_kind = OLD.kind AND meetings = 0;
  INSERT INTO partner_meetings (project_id, run_by, org_kind, meetings)
    SELECT project_id, run_by, NEW.kind, count(*) FROM activities
    WHERE organisation_id = NEW.id AND kind = 'meeting' GROUP BY 1, 2
    ON CONFLICT (project_id, run_by, org_kind) DO UPDATE SET meetings = meetings + excluded.meetings;
END;

-- Schema 10's index for counting meetings at each build has no reader left;
-- every activity written paid for it.
DROP INDEX activities_project_kind;
