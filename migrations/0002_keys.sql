-- 0002_keys.sql - data keys, each wrapped by the master key (which never enters the database).
-- The newest key seals new values; older keys stay to open what they sealed until a rotation
-- has resealed everything (then retired_at is set).
CREATE TABLE crypto_key (
  id         INTEGER PRIMARY KEY,
  wrapped    BLOB NOT NULL,
  created_at TEXT NOT NULL,
  retired_at TEXT
) STRICT;
