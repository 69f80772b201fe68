-- 0001_foundation.sql - the organisation tree, the member registry, their history, the kept
-- statistics of every subtree, and the rule table.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- The organisation tree. parent_id is the truth; path ('/1/5/23/', ancestors then self) is kept
-- from it so that a subtree is one range of the path index.
CREATE TABLE org (
  id            INTEGER PRIMARY KEY,
  parent_id     INTEGER REFERENCES org(id),
  path          TEXT NOT NULL UNIQUE,
  depth         INTEGER NOT NULL,
  code          TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  short_name    TEXT,
  type          TEXT NOT NULL,
  unit_category TEXT,
  division_code TEXT,
  founded_on    TEXT,
  term_start    TEXT,
  term_expiry   TEXT,
  can_approve   INTEGER NOT NULL DEFAULT 0,
  units_covered INTEGER,
  status        TEXT NOT NULL DEFAULT 'active',
  dissolved_on  TEXT,
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX org_children ON org(parent_id, code);
CREATE INDEX org_name ON org(name);

-- Committee members of an organisation, by post.
CREATE TABLE org_committee (
  id        INTEGER PRIMARY KEY,
  org_id    INTEGER NOT NULL REFERENCES org(id),
  post      TEXT NOT NULL,
  name      TEXT NOT NULL,
  member_id INTEGER REFERENCES member(id),
  since     TEXT
) STRICT;
CREATE INDEX org_committee_org ON org_committee(org_id);

CREATE TABLE member (
  id                 INTEGER PRIMARY KEY,
  org_id             INTEGER NOT NULL REFERENCES org(id),
  group_id           INTEGER REFERENCES org(id),
  name               TEXT NOT NULL,
  gender             TEXT NOT NULL,
  id_number          BLOB,                 -- sealed (SM4-CTR + HMAC-SM3, src/keys)
  id_number_index    BLOB,                 -- HMAC-SM3 blind index, for lookups and uniqueness
  id_number_masked   TEXT,                 -- what everyone without member.reveal sees
  phone_masked       TEXT,                 -- ("110105********002X", "138****0001"), kept so that
  address_masked     TEXT,                 -- masked reads decrypt nothing
  birth_date         TEXT NOT NULL,
  ethnicity          TEXT NOT NULL,
  native_place       TEXT,
  household_place    TEXT,
  education          TEXT NOT NULL,
  degree             TEXT,
  phone              BLOB,                 -- sealed
  address            BLOB,                 -- sealed
  work_unit          TEXT,
  job_post           TEXT,
  job_title          TEXT,
  occupation         TEXT NOT NULL,
  category           TEXT NOT NULL,
  apply_date         TEXT,
  activist_date      TEXT,
  target_date        TEXT,
  admit_date         TEXT NOT NULL,
  convert_date       TEXT,
  introducers        TEXT,
  mentors            TEXT,
  party_posts        TEXT,
  state              TEXT NOT NULL DEFAULT 'normal',
  state_date         TEXT,
  lost_contact       INTEGER NOT NULL DEFAULT 0,
  lost_contact_date  TEXT,
  mobile             INTEGER NOT NULL DEFAULT 0,
  mobile_destination TEXT,
  dues_base_fen      INTEGER,
  dues_standard_fen  INTEGER,
  import_batch       INTEGER REFERENCES import_batch(id),  -- set when created by an import:
  import_line        INTEGER,                              -- its history entry is the batch's
  version            INTEGER NOT NULL DEFAULT 1,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
) STRICT;
CREATE INDEX member_org ON member(org_id, id);
CREATE INDEX member_name ON member(name);
CREATE UNIQUE INDEX member_id_number ON member(id_number_index);

-- Every change to an organisation or a member: who, when, why, and the fields before and after.
-- Rows are only ever inserted. A member created by an import has no row of its own here: its
-- creation is recorded by member.import_batch/import_line and the import_batch row (who, when,
-- which file), which history_list reports as the member's first entry.
CREATE TABLE history (
  id        INTEGER PRIMARY KEY,
  entity    TEXT NOT NULL,       -- 'org' | 'member'
  entity_id INTEGER NOT NULL,
  at        TEXT NOT NULL,       -- UTC, ISO 8601
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,       -- 'create' | 'update' | 'move' | 'import'
  reason    TEXT,
  changes   TEXT                 -- JSON {"field": [before, after], ...}
) STRICT;
CREATE INDEX history_entity ON history(entity, entity_id, id);

CREATE TRIGGER history_is_append_only_u BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_is_append_only_d BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

-- Statistics of each organisation's whole subtree, kept in the same transaction as every change:
-- a vector of counters whose layout is src/stats/stats_layout.c (meta 'stats_layout').
CREATE TABLE org_stats (
  org_id INTEGER PRIMARY KEY REFERENCES org(id),
  counts BLOB NOT NULL
) STRICT;

-- Rules as data: national defaults (shipped in src/rules/national_rules.def) and local overrides.
CREATE TABLE rule (
  key            TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  value          TEXT NOT NULL,
  unit           TEXT NOT NULL,
  regulation     TEXT NOT NULL,
  article        TEXT NOT NULL,
  confidence     TEXT NOT NULL,  -- C | S | L | U (domain-rules.md)
  local          INTEGER NOT NULL,  -- 1: a subtree may override it
  summary_zh     TEXT NOT NULL,
  summary_en     TEXT NOT NULL,
  PRIMARY KEY (key, effective_from)
) STRICT, WITHOUT ROWID;

CREATE TABLE rule_override (
  org_id         INTEGER NOT NULL REFERENCES org(id),
  key            TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  value          TEXT NOT NULL,
  reason         TEXT NOT NULL,
  set_by         TEXT NOT NULL,
  set_at         TEXT NOT NULL,
  PRIMARY KEY (org_id, key, effective_from)
) STRICT;

CREATE TABLE import_batch (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,
  file_name   TEXT NOT NULL,
  actor       TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  rows_read   INTEGER NOT NULL DEFAULT 0,
  rows_stored INTEGER NOT NULL DEFAULT 0,
  rows_bad    INTEGER NOT NULL DEFAULT 0
) STRICT;
