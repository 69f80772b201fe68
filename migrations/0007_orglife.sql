-- 0007_orglife.sql - organisational life (组织生活): meetings as they were held, who came, what
-- was resolved, and a kept count per organisation, month and kind for compliance.
--
-- One meeting may count for several kinds (a theme Party day that is also a members' meeting).
-- A meeting held without its quorum is kept, marked as not valid for decisions: its resolutions
-- never pass. Records are the branch's archive: they are only added to.

CREATE TABLE meeting (
  id            INTEGER PRIMARY KEY,
  org_id        INTEGER NOT NULL REFERENCES org(id),
  held_on       TEXT NOT NULL,
  place         TEXT,
  chair         TEXT NOT NULL,
  recorder      TEXT NOT NULL,
  agenda        TEXT,
  minutes       TEXT,
  expected      INTEGER NOT NULL,               -- voting members expected (应到有表决权)
  present       INTEGER NOT NULL,               -- voting members present (实到)
  valid         INTEGER NOT NULL,               -- quorum met: valid for decisions
  documents     TEXT,                           -- JSON [{title, kind, ref}]
  recorded_by   TEXT NOT NULL,
  recorded_at   TEXT NOT NULL
) STRICT;
CREATE INDEX meeting_org ON meeting(org_id, held_on, id);

CREATE TABLE meeting_kind (
  meeting_id INTEGER NOT NULL REFERENCES meeting(id),
  kind       TEXT NOT NULL,
  PRIMARY KEY (meeting_id, kind)
) STRICT, WITHOUT ROWID;

CREATE TABLE meeting_attendance (
  meeting_id INTEGER NOT NULL REFERENCES meeting(id),
  member_id  INTEGER NOT NULL REFERENCES member(id),
  status     TEXT NOT NULL,                     -- present | leave | absent
  reason     TEXT,                              -- why on leave (a proper reason, §7)
  PRIMARY KEY (meeting_id, member_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX meeting_attendance_member ON meeting_attendance(member_id);

CREATE TABLE meeting_resolution (
  meeting_id INTEGER NOT NULL REFERENCES meeting(id),
  seq        INTEGER NOT NULL,
  text       TEXT NOT NULL,
  yes        INTEGER NOT NULL,
  no         INTEGER NOT NULL,
  abstain    INTEGER NOT NULL,
  passed     INTEGER NOT NULL,
  PRIMARY KEY (meeting_id, seq)
) STRICT, WITHOUT ROWID;

-- Meetings of each kind an organisation held in a month ('YYYY-MM'), kept with every record.
CREATE TABLE orglife_month (
  org_id INTEGER NOT NULL REFERENCES org(id),
  month  TEXT NOT NULL,
  kind   TEXT NOT NULL,
  n      INTEGER NOT NULL,
  PRIMARY KEY (org_id, month, kind)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER meeting_is_append_only_u BEFORE UPDATE ON meeting
BEGIN SELECT RAISE(ABORT, 'meeting records are never changed'); END;
CREATE TRIGGER meeting_is_append_only_d BEFORE DELETE ON meeting
BEGIN SELECT RAISE(ABORT, 'meeting records are never deleted'); END;
