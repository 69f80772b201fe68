-- 0012_transfer.sql - transfers of membership (组织关系转接, domain-rules §5.1): a letter in
-- three parts (stub, letter, receipt) from the sending organisation to the receiving one, the
-- route it takes through the committees with the authority to send and receive directly, and
-- every step as a record.
--
-- A transfer between two organisations of the tree names both; one to an organisation outside
-- this database names the receiver by its name (to_outside), one from outside the sender
-- (from_outside) and keeps the number of that organisation's letter. The member stays in the
-- sending organisation until the receiver accepts; acceptance moves the member record (history
-- and statistics with it) in the same transaction. The row keeps what the steps imply (state,
-- letter, dates) so that lists need no replay; steps are only ever added, and a transfer that
-- ended (closed, refused, cancelled) is never changed again.

CREATE TABLE transfer (
  id                    INTEGER PRIMARY KEY,
  member_id             INTEGER NOT NULL REFERENCES member(id),
  direction             TEXT NOT NULL CHECK (direction IN ('internal', 'out', 'in')),
  from_org_id           INTEGER REFERENCES org(id),   -- NULL: from outside
  from_outside          TEXT,                         -- the sending organisation outside
  to_org_id             INTEGER REFERENCES org(id),   -- NULL: to outside
  to_outside            TEXT,                         -- the receiving organisation outside
  to_outside_address    TEXT,
  sending_committee_id  INTEGER REFERENCES org(id),   -- issues the letter (the nearest committee with the authority)
  receiving_committee_id INTEGER REFERENCES org(id),  -- receives it and returns the receipt
  state                 TEXT NOT NULL CHECK (state IN ('requested', 'issued', 'forwarded', 'accepted', 'closed',
                                                       'refused', 'cancelled')),
  reason                TEXT NOT NULL,                -- why the member moves
  dues_paid_until       TEXT,                         -- 'YYYY-MM', as the letter says
  started_on            TEXT NOT NULL,
  letter_no             TEXT,                         -- ours: sending committee code-year-sequence; or the outside sender's
  letter_year           INTEGER,
  letter_seq            INTEGER,
  issued_on             TEXT,
  valid_months          INTEGER,                      -- the rule in force when issued
  valid_until           TEXT,                         -- the last day the letter may be accepted
  forwarded_on          TEXT,
  accepted_on           TEXT,
  receipt_on            TEXT,                         -- the receipt back with the sender (or, from outside, sent back)
  ended_on              TEXT,                         -- refused or cancelled
  end_reason            TEXT,
  last_step_on          TEXT NOT NULL,
  version               INTEGER NOT NULL DEFAULT 1,
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL
) STRICT;
CREATE INDEX transfer_member ON transfer(member_id, id);
CREATE INDEX transfer_from ON transfer(from_org_id, id);
CREATE INDEX transfer_to ON transfer(to_org_id, id);
-- one transfer under way per member
CREATE UNIQUE INDEX transfer_open_member ON transfer(member_id) WHERE state IN ('requested', 'issued', 'forwarded');
-- letter numbers of this database are unique per sending committee and year
CREATE UNIQUE INDEX transfer_letter ON transfer(sending_committee_id, letter_year, letter_seq) WHERE letter_seq IS NOT NULL;

CREATE TABLE transfer_step (
  id          INTEGER PRIMARY KEY,
  transfer_id INTEGER NOT NULL REFERENCES transfer(id),
  action      TEXT NOT NULL,         -- start issue forward accept refuse receipt cancel register
  done_on     TEXT NOT NULL,
  org_id      INTEGER REFERENCES org(id),  -- the organisation that acted (NULL: outside)
  note        TEXT,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX transfer_step_transfer ON transfer_step(transfer_id, id);

CREATE TRIGGER transfer_step_is_append_only_u BEFORE UPDATE ON transfer_step
BEGIN SELECT RAISE(ABORT, 'transfer steps are never changed'); END;
CREATE TRIGGER transfer_step_is_append_only_d BEFORE DELETE ON transfer_step
BEGIN SELECT RAISE(ABORT, 'transfer steps are never deleted'); END;
CREATE TRIGGER transfer_is_kept_d BEFORE DELETE ON transfer
BEGIN SELECT RAISE(ABORT, 'transfers are never deleted'); END;
CREATE TRIGGER transfer_ended_is_final BEFORE UPDATE ON transfer
WHEN OLD.state IN ('closed', 'refused', 'cancelled')
BEGIN SELECT RAISE(ABORT, 'a transfer that ended is never changed'); END;
CREATE TRIGGER transfer_facts_are_kept BEFORE UPDATE ON transfer
WHEN NEW.member_id IS NOT OLD.member_id OR NEW.direction IS NOT OLD.direction OR NEW.from_org_id IS NOT OLD.from_org_id
  OR NEW.to_org_id IS NOT OLD.to_org_id OR NEW.started_on IS NOT OLD.started_on
  OR (OLD.letter_no IS NOT NULL AND NEW.letter_no IS NOT OLD.letter_no)
BEGIN SELECT RAISE(ABORT, 'a transfer''s parties, start and letter are never changed'); END;
