/*
 * Passwords: Argon2id via libsodium, a length rule and a shipped list of
 * common passwords.  password_init() must run once before the others.
 */
#ifndef ECAT_PASSWORD_H
#define ECAT_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#define PASSWORD_MIN_CHARS 12
#define PASSWORD_MAX_BYTES 1024
#define PASSWORD_HASH_MAX  128 /* crypto_pwhash_STRBYTES */

/* Load the common-password list and make the dummy hash; 0 on success. */
int password_init(void);
/* NULL when pw is acceptable for login, else the reason (for the message). */
const char *password_policy(const char *pw, const char *login);
/* Argon2id hash string of pw into out[PASSWORD_HASH_MAX]; 0 on success. */
int password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);
/* Whether pw matches hash.  hash NULL: checks a dummy so the time is alike. */
bool password_verify(const char *hash, const char *pw);
/* Whether hash was made with other parameters than password_hash uses now. */
bool password_needs_rehash(const char *hash);
/* Whether pw (case-insensitively) is on the common list. */
bool password_is_common(const char *pw);

#endif
