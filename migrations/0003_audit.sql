-- 0003_audit.sql - the security audit trail: every login, logout, failure, lock, authorisation
-- denial, administrative action, data change, export and full read of a sensitive field, with
-- who, as what role, from where, when, on what, and with what result (src/audit/audit.h).
--
-- Rows are consecutive from id 1 and chained: mac = HMAC-SM3(key, previous mac || the row), and
-- meta 'audit_head' holds the newest id, its mac and a MAC of both, so that `jiceng audit verify`
-- finds an edited, deleted or inserted row, including the newest. The triggers below refuse
-- UPDATE and DELETE to every role the application has; someone who can write the file directly
-- can drop them, and that is what the chain is for.
--
-- Retention: the application never deletes audit rows. The Cybersecurity Law (art. 21(3)) asks
-- for at least six months (180 days); the trail is kept for the life of the database, and backups
-- carry it. Purging rows older than the retention period would need a signed checkpoint (the
-- id and mac of the first kept row, MACed and stored) so that verify can start there; there is
-- no such purge yet.
CREATE TABLE audit (
  id      INTEGER PRIMARY KEY,  -- 1, 2, 3, ... assigned by audit_append, never reused
  at      TEXT NOT NULL,        -- UTC, ISO 8601 "YYYY-MM-DDTHH:MM:SSZ"
  account TEXT NOT NULL,        -- who acted (for a failed login, the name given)
  role    TEXT NOT NULL,        -- the role the action was taken in
  address TEXT NOT NULL,        -- source address ('' for the command line)
  event   TEXT NOT NULL,        -- dotted name, area first: 'auth.login', 'member.export', ...
  object  TEXT NOT NULL,        -- what it was done to: 'member:42', 'org:7', ...
  result  TEXT NOT NULL,        -- 'ok', 'denied', 'failed', ...
  detail  TEXT NOT NULL,        -- free text; never an unmasked personal value
  mac     BLOB NOT NULL         -- HMAC-SM3 chain (32 bytes)
) STRICT;

-- The audit administrator's page filters by event (prefix) and pages by id, newest first.
CREATE INDEX audit_event ON audit(event, id);

CREATE TRIGGER audit_is_append_only_u BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_is_append_only_d BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

-- The chain head only moves forward ("<id>:<mac hex>:<tag hex>"), and is never deleted.
CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON meta
WHEN OLD.key = 'audit_head' AND (NEW.key <> 'audit_head' OR
  CAST(substr(NEW.value, 1, instr(NEW.value, ':') - 1) AS INTEGER) <=
  CAST(substr(OLD.value, 1, instr(OLD.value, ':') - 1) AS INTEGER))
BEGIN SELECT RAISE(ABORT, 'the audit chain head only moves forward'); END;
CREATE TRIGGER audit_head_kept BEFORE DELETE ON meta
WHEN OLD.key = 'audit_head'
BEGIN SELECT RAISE(ABORT, 'the audit chain head is never deleted'); END;
