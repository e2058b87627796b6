-- ecat schema 5: API tokens expire.  A token made before this schema
-- expires a year after it was made (the default token_lifetime_days).
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;
UPDATE api_tokens SET expires_at = created_at + 365 * 86400;
