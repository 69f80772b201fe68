-- 0009_orglife_review.sql - what a branch keeps of its yearly review (domain-rules §3): the
-- democratic appraisal of members (民主评议党员) step by step, heart-to-heart talks (谈心谈话) as
-- who talked with whom and when, and the issue and rectification lists of an organisational-life
-- meeting (组织生活会).
--
-- All of it is the branch's archive: rows are only added. An appraisal is closed by its verdict
-- (a row of appraisal_verdict), an item is done by a row of life_item_done; neither is an update.
-- What was said in a talk is not stored: only the two members, the day and a short topic.

CREATE TABLE appraisal (
  id          INTEGER PRIMARY KEY,
  org_id      INTEGER NOT NULL REFERENCES org(id),     -- the branch
  year        INTEGER NOT NULL,
  opened_by   TEXT NOT NULL,
  opened_at   TEXT NOT NULL,
  UNIQUE (org_id, year)
) STRICT;

-- The participants, as the branch's members stood when the appraisal was opened.
CREATE TABLE appraisal_entry (
  appraisal_id INTEGER NOT NULL REFERENCES appraisal(id),
  member_id    INTEGER NOT NULL REFERENCES member(id),
  category     TEXT NOT NULL,                          -- full | probationary, at opening
  rated        INTEGER NOT NULL,                       -- gets a grade (orglife.appraisal_rate_probationary)
  PRIMARY KEY (appraisal_id, member_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX appraisal_entry_member ON appraisal_entry(member_id);

-- Self-appraisal (个人自评) and peer appraisal (党员互评) of a participant, once each.
CREATE TABLE appraisal_step (
  appraisal_id INTEGER NOT NULL REFERENCES appraisal(id),
  member_id    INTEGER NOT NULL REFERENCES member(id),
  step         TEXT NOT NULL,                          -- self | peer
  text         TEXT NOT NULL,
  recorded_by  TEXT NOT NULL,
  recorded_at  TEXT NOT NULL,
  PRIMARY KEY (appraisal_id, member_id, step)
) STRICT, WITHOUT ROWID;

-- The democratic vote (民主测评) on a participant: how many marked each grade.
CREATE TABLE appraisal_vote (
  appraisal_id INTEGER NOT NULL REFERENCES appraisal(id),
  member_id    INTEGER NOT NULL REFERENCES member(id),
  excellent    INTEGER NOT NULL,
  qualified    INTEGER NOT NULL,
  basic        INTEGER NOT NULL,
  unqualified  INTEGER NOT NULL,
  recorded_by  TEXT NOT NULL,
  recorded_at  TEXT NOT NULL,
  PRIMARY KEY (appraisal_id, member_id)
) STRICT, WITHOUT ROWID;

-- The verdict: the meeting that gave it, and a grade for every rated participant.
CREATE TABLE appraisal_verdict (
  appraisal_id INTEGER PRIMARY KEY REFERENCES appraisal(id),
  meeting_id   INTEGER NOT NULL REFERENCES meeting(id),
  recorded_by  TEXT NOT NULL,
  recorded_at  TEXT NOT NULL
) STRICT;

CREATE TABLE appraisal_result (
  appraisal_id INTEGER NOT NULL REFERENCES appraisal_verdict(appraisal_id),
  member_id    INTEGER NOT NULL REFERENCES member(id),
  grade        TEXT NOT NULL,                          -- excellent | qualified | basic | unqualified
  reason       TEXT,
  PRIMARY KEY (appraisal_id, member_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX appraisal_result_member ON appraisal_result(member_id);

-- Heart-to-heart talks: two members of the branch, the day, a short topic. Nothing of what was said.
CREATE TABLE talk (
  id          INTEGER PRIMARY KEY,
  org_id      INTEGER NOT NULL REFERENCES org(id),
  held_on     TEXT NOT NULL,
  member_a    INTEGER NOT NULL REFERENCES member(id),
  member_b    INTEGER NOT NULL REFERENCES member(id),
  topic       TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  CHECK (member_a <> member_b)
) STRICT;
CREATE INDEX talk_org ON talk(org_id, held_on, id);

-- The issue list and the rectification list of an organisational-life meeting.
CREATE TABLE life_item (
  id              INTEGER PRIMARY KEY,
  meeting_id      INTEGER NOT NULL REFERENCES meeting(id),
  kind            TEXT NOT NULL,                       -- issue | rectification
  text            TEXT NOT NULL,
  owner_member_id INTEGER REFERENCES member(id),
  owner_name      TEXT,                                -- the member's name then, or who else owns it
  due             TEXT,                                -- required of a rectification
  issue_id        INTEGER REFERENCES life_item(id),    -- the issue of the same meeting it answers
  recorded_by     TEXT NOT NULL,
  recorded_at     TEXT NOT NULL
) STRICT;
CREATE INDEX life_item_meeting ON life_item(meeting_id, id);

CREATE TABLE life_item_done (
  item_id     INTEGER PRIMARY KEY REFERENCES life_item(id),
  done_on     TEXT NOT NULL,
  outcome     TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
) STRICT;

CREATE TRIGGER appraisal_is_append_only_u BEFORE UPDATE ON appraisal
BEGIN SELECT RAISE(ABORT, 'appraisal records are never changed'); END;
CREATE TRIGGER appraisal_is_append_only_d BEFORE DELETE ON appraisal
BEGIN SELECT RAISE(ABORT, 'appraisal records are never deleted'); END;
CREATE TRIGGER appraisal_entry_is_append_only_u BEFORE UPDATE ON appraisal_entry
BEGIN SELECT RAISE(ABORT, 'appraisal records are never changed'); END;
CREATE TRIGGER appraisal_entry_is_append_only_d BEFORE DELETE ON appraisal_entry
BEGIN SELECT RAISE(ABORT, 'appraisal records are never deleted'); END;
CREATE TRIGGER appraisal_step_is_append_only_u BEFORE UPDATE ON appraisal_step
BEGIN SELECT RAISE(ABORT, 'appraisal records are never changed'); END;
CREATE TRIGGER appraisal_step_is_append_only_d BEFORE DELETE ON appraisal_step
BEGIN SELECT RAISE(ABORT, 'appraisal records are never deleted'); END;
CREATE TRIGGER appraisal_vote_is_append_only_u BEFORE UPDATE ON appraisal_vote
BEGIN SELECT RAISE(ABORT, 'appraisal records are never changed'); END;
CREATE TRIGGER appraisal_vote_is_append_only_d BEFORE DELETE ON appraisal_vote
BEGIN SELECT RAISE(ABORT, 'appraisal records are never deleted'); END;
CREATE TRIGGER appraisal_verdict_is_append_only_u BEFORE UPDATE ON appraisal_verdict
BEGIN SELECT RAISE(ABORT, 'appraisal results are never changed'); END;
CREATE TRIGGER appraisal_verdict_is_append_only_d BEFORE DELETE ON appraisal_verdict
BEGIN SELECT RAISE(ABORT, 'appraisal results are never deleted'); END;
CREATE TRIGGER appraisal_result_is_append_only_u BEFORE UPDATE ON appraisal_result
BEGIN SELECT RAISE(ABORT, 'appraisal results are never changed'); END;
CREATE TRIGGER appraisal_result_is_append_only_d BEFORE DELETE ON appraisal_result
BEGIN SELECT RAISE(ABORT, 'appraisal results are never deleted'); END;
-- a closed appraisal takes no more steps, votes or results
CREATE TRIGGER appraisal_step_not_after_verdict BEFORE INSERT ON appraisal_step
WHEN EXISTS (SELECT 1 FROM appraisal_verdict WHERE appraisal_id = NEW.appraisal_id)
BEGIN SELECT RAISE(ABORT, 'the appraisal is closed'); END;
CREATE TRIGGER appraisal_vote_not_after_verdict BEFORE INSERT ON appraisal_vote
WHEN EXISTS (SELECT 1 FROM appraisal_verdict WHERE appraisal_id = NEW.appraisal_id)
BEGIN SELECT RAISE(ABORT, 'the appraisal is closed'); END;
CREATE TRIGGER talk_is_append_only_u BEFORE UPDATE ON talk
BEGIN SELECT RAISE(ABORT, 'talk records are never changed'); END;
CREATE TRIGGER talk_is_append_only_d BEFORE DELETE ON talk
BEGIN SELECT RAISE(ABORT, 'talk records are never deleted'); END;
CREATE TRIGGER life_item_is_append_only_u BEFORE UPDATE ON life_item
BEGIN SELECT RAISE(ABORT, 'life meeting items are never changed'); END;
CREATE TRIGGER life_item_is_append_only_d BEFORE DELETE ON life_item
BEGIN SELECT RAISE(ABORT, 'life meeting items are never deleted'); END;
CREATE TRIGGER life_item_done_is_append_only_u BEFORE UPDATE ON life_item_done
BEGIN SELECT RAISE(ABORT, 'a done item stays done'); END;
CREATE TRIGGER life_item_done_is_append_only_d BEFORE DELETE ON life_item_done
BEGIN SELECT RAISE(ABORT, 'a done item stays done'); END;
