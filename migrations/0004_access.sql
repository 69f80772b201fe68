-- 0004_access.sql - accounts, roles granted on a subtree, sessions and the login throttle.
-- Passwords are argon2id hashes; TOTP secrets are sealed like personal data; a session is known
-- by the SM3 hash of its token only, so a copy of the database opens no session.

CREATE TABLE account (
  id              INTEGER PRIMARY KEY,
  login           TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  password_hash   TEXT NOT NULL,
  password_set_at INTEGER NOT NULL,          -- unix seconds
  totp_secret     BLOB,                      -- sealed; NULL until enrolled
  totp_pending    BLOB,                      -- sealed; a secret shown for enrolment, not yet confirmed
  totp_last_step  INTEGER NOT NULL DEFAULT 0, -- a code is accepted once
  member_id       INTEGER REFERENCES member(id),
  failures        INTEGER NOT NULL DEFAULT 0, -- consecutive failed logins
  locked_until    INTEGER NOT NULL DEFAULT 0,
  disabled        INTEGER NOT NULL DEFAULT 0,
  created_at      TEXT NOT NULL
) STRICT;

-- A role on an organisation covers its subtree; org_id NULL covers the whole database.
CREATE TABLE role_grant (
  id         INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES account(id),
  role       TEXT NOT NULL,
  org_id     INTEGER REFERENCES org(id),
  granted_by TEXT NOT NULL,
  granted_at TEXT NOT NULL,
  UNIQUE (account_id, role, org_id)
) STRICT;

CREATE TABLE session (
  token_hash BLOB PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES account(id),
  stage      TEXT NOT NULL,                 -- 'totp' | 'enrol' (second factor due) | 'full'
  csrf       TEXT NOT NULL,
  address    TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL
) STRICT;
CREATE INDEX session_account ON session(account_id);

-- Failed logins per source address in the current window, so that one source cannot lock many
-- accounts.
CREATE TABLE login_throttle (
  address      TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
  failures     INTEGER NOT NULL
) STRICT;
