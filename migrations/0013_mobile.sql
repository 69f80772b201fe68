-- 0013_mobile.sql - mobile members (流动党员, domain-rules §5.2) and the recorded decisions on
-- membership status of §5.1 (停止党籍 after six months without contact, 除名 after two years
-- stopped, restoration).
--
-- A registration follows one absence of a member from home: registered before leaving (reason,
-- destination, a sealed contact with its masked copy, expected return), the activity card, the
-- organisations hosting the member (a host of this database, or one named outside it) from a day
-- on, the reports to the home branch, and the return with the card checked back. The row keeps
-- the current position; the events and hosts are only ever added, and a registration that
-- ended is never changed again.
--
-- A decision on membership status is taken in two steps, each a fact: the branch's members'
-- meeting (a valid meeting of the branch, by its id), then the higher committee's approval or
-- rejection. Only an approval changes the member's state (history and statistics with it).

CREATE TABLE mobile_registration (
  id               INTEGER PRIMARY KEY,
  member_id        INTEGER NOT NULL REFERENCES member(id),
  org_id           INTEGER NOT NULL REFERENCES org(id),   -- the home organisation when registered
  state            TEXT NOT NULL CHECK (state IN ('away', 'returned', 'ended')),
  registered_on    TEXT NOT NULL,
  left_on          TEXT NOT NULL,
  reason           TEXT NOT NULL,
  destination      TEXT NOT NULL,
  contact          BLOB NOT NULL,                         -- sealed
  contact_masked   TEXT NOT NULL,
  expected_return  TEXT,
  card_no          TEXT,                                  -- 流动党员活动证
  card_issued_on   TEXT,
  card_valid_until TEXT,
  host_org_id      INTEGER REFERENCES org(id),            -- the current host in this database
  host_name        TEXT,                                  -- or outside it
  last_report_on   TEXT,
  returned_on      TEXT,
  card_checked     INTEGER NOT NULL DEFAULT 0,
  end_reason       TEXT,
  version          INTEGER NOT NULL DEFAULT 1,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX mobile_registration_member ON mobile_registration(member_id, id);
CREATE INDEX mobile_registration_org ON mobile_registration(org_id, state, id);
CREATE INDEX mobile_registration_host ON mobile_registration(host_org_id, state, id);
CREATE UNIQUE INDEX mobile_registration_away ON mobile_registration(member_id) WHERE state = 'away';

-- Who hosted the member from which day (host_org_id NULL: a host outside, by name, or none).
CREATE TABLE mobile_host (
  id              INTEGER PRIMARY KEY,
  registration_id INTEGER NOT NULL REFERENCES mobile_registration(id),
  since           TEXT NOT NULL,
  host_org_id     INTEGER REFERENCES org(id),
  host_name       TEXT,
  recorded_by     TEXT NOT NULL,
  recorded_at     TEXT NOT NULL
) STRICT;
CREATE INDEX mobile_host_registration ON mobile_host(registration_id, since, id);

CREATE TABLE mobile_event (
  id              INTEGER PRIMARY KEY,
  registration_id INTEGER NOT NULL REFERENCES mobile_registration(id),
  kind            TEXT NOT NULL,        -- register card host report return end
  done_on         TEXT NOT NULL,
  note            TEXT,
  data            TEXT,                 -- JSON: the card, the host, ...
  recorded_by     TEXT NOT NULL,
  recorded_at     TEXT NOT NULL
) STRICT;
CREATE INDEX mobile_event_registration ON mobile_event(registration_id, id);

CREATE TRIGGER mobile_event_is_append_only_u BEFORE UPDATE ON mobile_event
BEGIN SELECT RAISE(ABORT, 'mobile member records are never changed'); END;
CREATE TRIGGER mobile_event_is_append_only_d BEFORE DELETE ON mobile_event
BEGIN SELECT RAISE(ABORT, 'mobile member records are never deleted'); END;
CREATE TRIGGER mobile_host_is_append_only_u BEFORE UPDATE ON mobile_host
BEGIN SELECT RAISE(ABORT, 'mobile member records are never changed'); END;
CREATE TRIGGER mobile_host_is_append_only_d BEFORE DELETE ON mobile_host
BEGIN SELECT RAISE(ABORT, 'mobile member records are never deleted'); END;
CREATE TRIGGER mobile_registration_is_kept_d BEFORE DELETE ON mobile_registration
BEGIN SELECT RAISE(ABORT, 'mobile member records are never deleted'); END;
CREATE TRIGGER mobile_registration_ended_is_final BEFORE UPDATE ON mobile_registration
WHEN OLD.state <> 'away'
BEGIN SELECT RAISE(ABORT, 'a registration that ended is never changed'); END;

CREATE TABLE member_decision (
  id               INTEGER PRIMARY KEY,
  member_id        INTEGER NOT NULL REFERENCES member(id),
  org_id           INTEGER NOT NULL REFERENCES org(id),   -- the member's branch, which decided
  kind             TEXT NOT NULL CHECK (kind IN ('stop', 'remove', 'lapse', 'restore')),
  from_state       TEXT NOT NULL,
  to_state         TEXT NOT NULL,
  grounds_since    TEXT,                                  -- lost contact since, stopped since, absent since
  meeting_id       INTEGER NOT NULL REFERENCES meeting(id),
  decided_on       TEXT NOT NULL,                         -- the meeting's day
  reason           TEXT NOT NULL,
  decided_by       TEXT NOT NULL,
  approving_org_id INTEGER NOT NULL REFERENCES org(id),   -- the higher committee
  status           TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  answered_on      TEXT,
  answered_by      TEXT,
  answer_reason    TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX member_decision_member ON member_decision(member_id, id);
CREATE INDEX member_decision_org ON member_decision(org_id, status, id);
CREATE UNIQUE INDEX member_decision_pending ON member_decision(member_id) WHERE status = 'pending';

CREATE TRIGGER member_decision_is_kept_d BEFORE DELETE ON member_decision
BEGIN SELECT RAISE(ABORT, 'decisions are never deleted'); END;
CREATE TRIGGER member_decision_answered_is_final BEFORE UPDATE ON member_decision
WHEN OLD.status <> 'pending'
BEGIN SELECT RAISE(ABORT, 'an answered decision is never changed'); END;
CREATE TRIGGER member_decision_facts_are_kept BEFORE UPDATE ON member_decision
WHEN NEW.member_id IS NOT OLD.member_id OR NEW.kind IS NOT OLD.kind OR NEW.meeting_id IS NOT OLD.meeting_id
  OR NEW.decided_on IS NOT OLD.decided_on OR NEW.reason IS NOT OLD.reason OR NEW.approving_org_id IS NOT OLD.approving_org_id
BEGIN SELECT RAISE(ABORT, 'a decision''s branch meeting is never changed'); END;

-- A mobile member taking part in the host's organisational life is not a voter there (§5.2):
-- such an attendance row is kept with voting = 0, never counted in the meeting's quorum.
ALTER TABLE meeting_attendance ADD COLUMN voting INTEGER NOT NULL DEFAULT 1;
