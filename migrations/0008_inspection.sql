-- 0008_inspection.sql - spot checks of organisational life: a superior organisation draws a
-- reproducible random sample of its subtree's meetings in a period (the seed is recorded, so
-- anyone can draw the same sample again) and records what the inspection found.

CREATE TABLE inspection (
  id          INTEGER PRIMARY KEY,
  org_id      INTEGER NOT NULL REFERENCES org(id),   -- the inspecting organisation (its subtree)
  period      TEXT NOT NULL,                         -- 2026, 2026-Q1 or 2026-03
  seed        TEXT NOT NULL,
  size        INTEGER NOT NULL,
  sample      TEXT NOT NULL,                         -- JSON [meeting ids] in drawing order
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX inspection_org ON inspection(org_id, id);

CREATE TABLE inspection_finding (
  id            INTEGER PRIMARY KEY,
  inspection_id INTEGER NOT NULL REFERENCES inspection(id),
  meeting_id    INTEGER NOT NULL REFERENCES meeting(id),
  severity      TEXT NOT NULL,                       -- ok | note | problem
  finding       TEXT NOT NULL,
  recorded_by   TEXT NOT NULL,
  recorded_at   TEXT NOT NULL
) STRICT;
CREATE INDEX inspection_finding_inspection ON inspection_finding(inspection_id, id);
