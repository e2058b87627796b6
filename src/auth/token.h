/*
 * Bearer secrets (session cookies, API tokens, CSRF tokens): 32 random bytes
 * from libsodium, written as unpadded base64url.  Only a BLAKE2b hash of a
 * session or API token is stored, so a copy of the database opens no session.
 */
#ifndef ECAT_TOKEN_H
#define ECAT_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#define TOKEN_CHARS   43 /* base64url of 32 bytes, no padding */
#define TOKEN_PREFIX  "ecat_"
#define API_TOKEN_LEN (sizeof(TOKEN_PREFIX) - 1 + TOKEN_CHARS)
#define TOKEN_HASH    32

/* A new random token into out[TOKEN_CHARS + 1]. */
void token_new(char out[TOKEN_CHARS + 1]);
/* A new API token "ecat_..." into out[API_TOKEN_LEN + 1]. */
void api_token_new(char out[API_TOKEN_LEN + 1]);
/* Whether s has the shape of a token (length and alphabet); cheap pre-check. */
bool token_well_formed(const char *s, size_t len);
/* The stored form of a token. */
void token_hash(const char *tok, size_t len, unsigned char out[TOKEN_HASH]);

#endif
