-- ecat schema 7: two-factor login (TOTP, RFC 6238).
--
-- users.totp_secret holds the confirmed secret and users.totp_pending one
-- awaiting its first code; both sealed (XChaCha20-Poly1305 under a key
-- derived from the master key file, bound to the user's id), never plain.
-- totp_last_step is the time step of the last code accepted: a code is
-- taken only for a later step, so none is accepted twice.  totp_reset_at
-- records an administrator's reset until the user has been told of it.
ALTER TABLE users ADD COLUMN totp_pending BLOB;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_reset_at INTEGER;

-- One-time recovery codes, kept as keyed hashes; used_at once spent.
CREATE TABLE totp_recovery (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash BLOB NOT NULL,
  used_at INTEGER
) STRICT;
CREATE INDEX totp_recovery_user ON totp_recovery(user_id);
