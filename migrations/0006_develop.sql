-- 0006_develop.sql - recruitment of new members (发展党员): a case per person, from the
-- application to the archived conversion, and every one of the 25 steps as a record.
--
-- The person's ID number and phone are sealed like a member's (with a blind index of the ID
-- number, so a person has one open case at a time, and masked copies for reading). Steps are
-- only ever inserted: a step is a fact with its date, who acted, the decision, what it rests on
-- (data: votes, mentors, introducers, training, notice dates, conclusions) and its documents.
-- The case keeps what the steps imply (stage, dates, the member record once admitted) so that
-- lists and due dates need no replay.

CREATE TABLE develop_case (
  id               INTEGER PRIMARY KEY,
  org_id           INTEGER NOT NULL REFERENCES org(id),    -- the organisation developing the person
  name             TEXT NOT NULL,
  gender           TEXT NOT NULL,
  birth_date       TEXT NOT NULL,
  id_number        BLOB NOT NULL,                          -- sealed
  id_number_index  BLOB NOT NULL,                          -- blind index
  id_number_masked TEXT NOT NULL,
  phone            BLOB,                                   -- sealed
  phone_masked     TEXT,
  ethnicity        TEXT NOT NULL,
  education        TEXT NOT NULL,
  occupation       TEXT NOT NULL,
  work_unit        TEXT,
  leaving_unit_on  TEXT,                                   -- when the person will leave the unit, if known
  stage            TEXT NOT NULL,                          -- applicant activist target probationary full closed
  outcome          TEXT,                                   -- why a closed case closed
  closed_on        TEXT,                                   -- closed by hand (develop_close): when, who, why
  closed_by        TEXT,
  closed_reason    TEXT,
  applied_on       TEXT NOT NULL,                          -- step 1: the rules in force that day judge the case
  rules_on         TEXT NOT NULL,
  activist_on      TEXT,
  target_on        TEXT,
  admitted_on      TEXT,                                   -- the branch meeting that admitted (probation starts)
  probation_end    TEXT,
  extensions       INTEGER NOT NULL DEFAULT 0,
  converted_on     TEXT,
  archived_on      TEXT,
  member_id        INTEGER REFERENCES member(id),          -- from the approval on
  last_step        INTEGER NOT NULL DEFAULT 0,
  version          INTEGER NOT NULL DEFAULT 1,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX develop_case_org ON develop_case(org_id, stage, id);
CREATE UNIQUE INDEX develop_case_open_person ON develop_case(id_number_index) WHERE stage <> 'closed';

CREATE TABLE develop_step (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES develop_case(id),
  step        INTEGER NOT NULL CHECK (step BETWEEN 1 AND 25),
  done_on     TEXT NOT NULL,
  actor       TEXT NOT NULL,           -- who acted (a person and post, or a body: 支部委员会)
  decision    TEXT,                    -- approve, reject, pass, fail, convert, extend, cancel, ...
  data        TEXT,                    -- JSON: the facts the step rests on
  documents   TEXT,                    -- JSON array of {"title", "kind", "ref"}
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX develop_step_case ON develop_step(case_id, id);

CREATE TRIGGER develop_step_is_append_only_u BEFORE UPDATE ON develop_step
BEGIN SELECT RAISE(ABORT, 'develop_step rows are never changed'); END;
CREATE TRIGGER develop_step_is_append_only_d BEFORE DELETE ON develop_step
BEGIN SELECT RAISE(ABORT, 'develop_step rows are never deleted'); END;

-- 留党察看 (probation within the Party) until this day: such a member cannot introduce anyone.
ALTER TABLE member ADD COLUMN discipline_probation_until TEXT;
