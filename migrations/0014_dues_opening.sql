-- 0014_dues_opening.sql - the money an organisation held in Party dues when it began keeping its
-- dues here: the balance of the books kept before (paper or another system), taken over once, on
-- a day, with where the figure comes from. It counts as money in on that day ("brought forward"
-- in the year's statement), so that spending from it keeps within what the organisation holds
-- (第十七-十八条) from the first day. One per organisation; like every dues row, never changed.
CREATE TABLE dues_opening (
  org_id      INTEGER PRIMARY KEY REFERENCES org(id),
  on_date     TEXT NOT NULL,
  amount_fen  INTEGER NOT NULL CHECK (amount_fen >= 0),
  source      TEXT NOT NULL,                           -- the books it comes from, e.g. 2025年党费收支账结余
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
) STRICT;
