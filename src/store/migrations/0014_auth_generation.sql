-- ecat schema 14: the generation of what authenticates a request.
--
-- Each worker thread keeps the API tokens it has recently authenticated and
-- answers a request with one from that memory only while the generation it
-- saw then is still the database's.  Every change that could make a
-- remembered answer wrong bumps it in the same transaction: a token revoked,
-- expired or removed, and any change to a user (role, organisation, disabled,
-- login, locale, password, second factor) or a user removed.  A new token
-- needs no bump: nothing remembers it yet.  Kept in the database, it holds
-- across threads and processes alike.
CREATE TABLE auth_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  gen INTEGER NOT NULL
) STRICT;
INSERT INTO auth_generation (id, gen) VALUES (1, 0);

CREATE TRIGGER auth_gen_token_update AFTER UPDATE ON api_tokens
BEGIN
  UPDATE auth_generation SET gen = gen + 1 WHERE id = 1;
END;
CREATE TRIGGER auth_gen_token_delete AFTER DELETE ON api_tokens
BEGIN
  UPDATE auth_generation SET gen = gen + 1 WHERE id = 1;
END;
CREATE TRIGGER auth_gen_user_update AFTER UPDATE ON users
BEGIN
  UPDATE auth_generation SET gen = gen + 1 WHERE id = 1;
END;
CREATE TRIGGER auth_gen_user_delete AFTER DELETE ON users
BEGIN
  UPDATE auth_generation SET gen = gen + 1 WHERE id = 1;
END;
