-- 0011_dues.sql - Party dues (党费, domain-rules §4): each member's monthly amount as the branch
-- fixed it, hardship reductions with their two decisions, payments month by month, reasons for
-- months not paid, and the use of dues: spending, remittances up and allocations down the tree.
--
-- Money is in fen (integers). Months are 'YYYY-MM'. Everything here is a branch's financial
-- archive: rows are only added. A wrong payment is cancelled by a new payment row that reverses
-- it (negative amounts, `reverses` naming it), so that sums stay sums; a wrong standard is
-- followed by a newer one for the same month.

-- A member's monthly amount: fixed for a year by the branch (kind 'yearly', from January or the
-- admission month), or changed from the month a new salary is first paid (kind 'change',
-- 第十条). The amount due for a month is the latest row (from_month, then id) at or before it -
-- within the month's year while the rule dues.standard.fixed_yearly holds.
CREATE TABLE dues_standard (
  id          INTEGER PRIMARY KEY,
  member_id   INTEGER NOT NULL REFERENCES member(id),
  org_id      INTEGER NOT NULL REFERENCES org(id),     -- the member's organisation that fixed it
  year        INTEGER NOT NULL,
  from_month  TEXT NOT NULL,
  kind        TEXT NOT NULL,                           -- yearly | change
  category    TEXT NOT NULL,                           -- code table dues_category
  base_fen    INTEGER NOT NULL,                        -- 0 for the fixed amounts
  amount_fen  INTEGER NOT NULL,
  rules       TEXT NOT NULL,                           -- JSON: the rules the quote applied
  reason      TEXT,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  CHECK (kind IN ('yearly', 'change') AND base_fen >= 0 AND amount_fen >= 0 AND year = CAST(substr(from_month, 1, 4) AS INTEGER))
) STRICT;
CREATE INDEX dues_standard_member ON dues_standard(member_id, from_month, id);
CREATE INDEX dues_standard_org ON dues_standard(org_id, year);

-- Hardship (少交或免交): the branch's decision at a valid members' or committee meeting, then the
-- approval of the organisation one level up (a row of dues_reduction_decision). Only an
-- approved reduction lowers what is due; amount_fen 0 exempts the member.
CREATE TABLE dues_reduction (
  id          INTEGER PRIMARY KEY,
  member_id   INTEGER NOT NULL REFERENCES member(id),
  org_id      INTEGER NOT NULL REFERENCES org(id),     -- the branch that decided it
  from_month  TEXT NOT NULL,
  to_month    TEXT NOT NULL,
  amount_fen  INTEGER NOT NULL CHECK (amount_fen >= 0),
  reason      TEXT NOT NULL,
  meeting_id  INTEGER NOT NULL REFERENCES meeting(id),
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  CHECK (from_month <= to_month)
) STRICT;
CREATE INDEX dues_reduction_member ON dues_reduction(member_id);
CREATE INDEX dues_reduction_org ON dues_reduction(org_id);

CREATE TABLE dues_reduction_decision (
  reduction_id INTEGER PRIMARY KEY REFERENCES dues_reduction(id),
  org_id       INTEGER NOT NULL REFERENCES org(id),    -- the approving organisation (the parent)
  decision     TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
  decided_on   TEXT NOT NULL,
  note         TEXT,
  recorded_by  TEXT NOT NULL,
  recorded_at  TEXT NOT NULL
) STRICT;

-- A payment: the months it pays (dues_payment_month) and a voluntary part. A voluntary part of
-- 1,000 yuan or more in one payment goes entirely to the Central Committee (第十一条): to_centre.
-- collected_by_org_id is where the money came in (the member's organisation unless another
-- organisation collected it, as for a mobile member).
CREATE TABLE dues_payment (
  id                  INTEGER PRIMARY KEY,
  member_id           INTEGER NOT NULL REFERENCES member(id),
  org_id              INTEGER NOT NULL REFERENCES org(id),   -- the member's organisation then
  collected_by_org_id INTEGER NOT NULL REFERENCES org(id),
  paid_on             TEXT NOT NULL,
  channel             TEXT NOT NULL,                         -- code table dues_channel
  reference           TEXT,
  dues_fen            INTEGER NOT NULL,                      -- the months' part
  voluntary_fen       INTEGER NOT NULL,
  to_centre           INTEGER NOT NULL,
  reverses            INTEGER UNIQUE REFERENCES dues_payment(id),
  reason              TEXT,
  recorded_by         TEXT NOT NULL,
  recorded_at         TEXT NOT NULL,
  CHECK ((reverses IS NULL AND dues_fen >= 0 AND voluntary_fen >= 0) OR (reverses IS NOT NULL AND dues_fen <= 0 AND voluntary_fen <= 0))
) STRICT;
CREATE INDEX dues_payment_member ON dues_payment(member_id, paid_on);
CREATE INDEX dues_payment_collected ON dues_payment(collected_by_org_id, paid_on);

CREATE TABLE dues_payment_month (
  payment_id INTEGER NOT NULL REFERENCES dues_payment(id),
  month      TEXT NOT NULL,
  member_id  INTEGER NOT NULL REFERENCES member(id),
  amount_fen INTEGER NOT NULL,
  back_paid  INTEGER NOT NULL,                         -- paid after the month had ended (补交)
  PRIMARY KEY (payment_id, month)
) STRICT, WITHOUT ROWID;
CREATE INDEX dues_payment_month_member ON dues_payment_month(member_id, month);

-- A recorded reason for months not paid (正当理由): still owed, not counted towards the months
-- of non-payment that list a member for the branch's decision.
CREATE TABLE dues_excuse (
  id          INTEGER PRIMARY KEY,
  member_id   INTEGER NOT NULL REFERENCES member(id),
  month       TEXT NOT NULL,
  reason      TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX dues_excuse_member ON dues_excuse(member_id, month);

-- Spending in one of the five uses (第十九条), each on a collective decision (第二十条): a valid
-- members' or committee meeting of the spending organisation, or - for a committee whose
-- meetings are not kept here - the reference of its minutes and the day of the decision.
CREATE TABLE dues_spending (
  id           INTEGER PRIMARY KEY,
  org_id       INTEGER NOT NULL REFERENCES org(id),
  spent_on     TEXT NOT NULL,
  category     TEXT NOT NULL,                          -- code table dues_use
  amount_fen   INTEGER NOT NULL CHECK (amount_fen > 0),
  purpose      TEXT NOT NULL,
  meeting_id   INTEGER REFERENCES meeting(id),
  decision_ref TEXT,
  decided_on   TEXT NOT NULL,
  receipts     TEXT,                                   -- JSON [{title, ref}]
  recorded_by  TEXT NOT NULL,
  recorded_at  TEXT NOT NULL,
  CHECK (meeting_id IS NOT NULL OR decision_ref IS NOT NULL)
) STRICT;
CREATE INDEX dues_spending_org ON dues_spending(org_id, spent_on);

-- Money between an organisation and its parent or a child only (第二十–二十一条): remitted up
-- (remit) or allocated down (allocate, on a collective decision, earmarked by use).
CREATE TABLE dues_transfer (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('remit', 'allocate')),
  from_org_id  INTEGER NOT NULL REFERENCES org(id),
  to_org_id    INTEGER NOT NULL REFERENCES org(id),
  on_date      TEXT NOT NULL,
  amount_fen   INTEGER NOT NULL CHECK (amount_fen > 0),
  category     TEXT,                                   -- the earmark of an allocation
  meeting_id   INTEGER REFERENCES meeting(id),
  decision_ref TEXT,
  decided_on   TEXT,
  note         TEXT,
  recorded_by  TEXT NOT NULL,
  recorded_at  TEXT NOT NULL,
  CHECK (from_org_id <> to_org_id)
) STRICT;
CREATE INDEX dues_transfer_from ON dues_transfer(from_org_id, on_date);
CREATE INDEX dues_transfer_to ON dues_transfer(to_org_id, on_date);

CREATE TRIGGER dues_standard_append_only_u BEFORE UPDATE ON dues_standard
BEGIN SELECT RAISE(ABORT, 'dues standards are never changed: record a newer one'); END;
CREATE TRIGGER dues_standard_append_only_d BEFORE DELETE ON dues_standard
BEGIN SELECT RAISE(ABORT, 'dues standards are never deleted'); END;
CREATE TRIGGER dues_reduction_append_only_u BEFORE UPDATE ON dues_reduction
BEGIN SELECT RAISE(ABORT, 'dues reductions are never changed'); END;
CREATE TRIGGER dues_reduction_append_only_d BEFORE DELETE ON dues_reduction
BEGIN SELECT RAISE(ABORT, 'dues reductions are never deleted'); END;
CREATE TRIGGER dues_reduction_decision_append_only_u BEFORE UPDATE ON dues_reduction_decision
BEGIN SELECT RAISE(ABORT, 'a decision on a reduction is never changed'); END;
CREATE TRIGGER dues_reduction_decision_append_only_d BEFORE DELETE ON dues_reduction_decision
BEGIN SELECT RAISE(ABORT, 'a decision on a reduction is never deleted'); END;
CREATE TRIGGER dues_payment_append_only_u BEFORE UPDATE ON dues_payment
BEGIN SELECT RAISE(ABORT, 'dues payments are never changed: record a reversal'); END;
CREATE TRIGGER dues_payment_append_only_d BEFORE DELETE ON dues_payment
BEGIN SELECT RAISE(ABORT, 'dues payments are never deleted: record a reversal'); END;
CREATE TRIGGER dues_payment_month_append_only_u BEFORE UPDATE ON dues_payment_month
BEGIN SELECT RAISE(ABORT, 'dues payments are never changed: record a reversal'); END;
CREATE TRIGGER dues_payment_month_append_only_d BEFORE DELETE ON dues_payment_month
BEGIN SELECT RAISE(ABORT, 'dues payments are never deleted: record a reversal'); END;
CREATE TRIGGER dues_excuse_append_only_u BEFORE UPDATE ON dues_excuse
BEGIN SELECT RAISE(ABORT, 'reasons recorded for unpaid months are never changed'); END;
CREATE TRIGGER dues_excuse_append_only_d BEFORE DELETE ON dues_excuse
BEGIN SELECT RAISE(ABORT, 'reasons recorded for unpaid months are never deleted'); END;
CREATE TRIGGER dues_spending_append_only_u BEFORE UPDATE ON dues_spending
BEGIN SELECT RAISE(ABORT, 'dues spending is never changed'); END;
CREATE TRIGGER dues_spending_append_only_d BEFORE DELETE ON dues_spending
BEGIN SELECT RAISE(ABORT, 'dues spending is never deleted'); END;
CREATE TRIGGER dues_transfer_append_only_u BEFORE UPDATE ON dues_transfer
BEGIN SELECT RAISE(ABORT, 'dues transfers are never changed'); END;
CREATE TRIGGER dues_transfer_append_only_d BEFORE DELETE ON dues_transfer
BEGIN SELECT RAISE(ABORT, 'dues transfers are never deleted'); END;
