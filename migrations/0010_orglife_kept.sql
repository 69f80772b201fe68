-- 0010_orglife_kept.sql - whole-tree summaries of organisational life, kept as meetings are
-- recorded: for each organisation, period and requirement, how many branches and Party groups of
-- its subtree met the requirement in every unit of the period.
--
-- period is a month ('2026-03'), a quarter ('2026-Q1') or a year ('2026'). A branch is counted
-- once, when its last missing unit is filled (records are only added, so counts only grow), at
-- itself and at every active ancestor. A move or a change of status shifts a subtree's counts
-- (orglife_kept_shift); `jiceng orglife rebuild` recounts everything from orglife_month.
CREATE TABLE orglife_met (
  org_id      INTEGER NOT NULL REFERENCES org(id),
  period      TEXT NOT NULL,
  requirement TEXT NOT NULL,
  n           INTEGER NOT NULL,
  PRIMARY KEY (org_id, period, requirement)
) STRICT, WITHOUT ROWID;
