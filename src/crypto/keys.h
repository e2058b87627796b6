/*
 * The master key: 32 random bytes in a file outside the database (mode 0600).
 * Purpose keys (the audit chain key, later the field encryption keys) are
 * derived from it with crypto_kdf, each under its own context, so one leaked
 * purpose key reveals nothing about the others.
 */
#ifndef ECAT_KEYS_H
#define ECAT_KEYS_H

#include <stddef.h>
#include <stdint.h>

#define KEY_BYTES 32

enum key_purpose {
        KEY_AUDIT = 1, /* keyed BLAKE2b of the audit chain */
        KEY_LOGIN = 2, /* hashing logins for the throttling table */
        KEY_BLIND = 5, /* the blind indexes of case fields (crypto/field.h) */
        KEY_TOTP = 6,  /* sealing second-factor secrets, hashing recovery codes (auth/totp.h) */
};

/* Create a new key file at path; refuses to overwrite one. */
int key_file_create(const char *path, char *err, size_t errlen);
/* Load the master key; refuses a file readable by group or others. */
int key_file_load(const char *path, unsigned char key[KEY_BYTES], char *err, size_t errlen);
/* Derive the key of one purpose from the master key. */
void key_derive(const unsigned char master[KEY_BYTES], enum key_purpose purpose,
                unsigned char out[KEY_BYTES]);

#endif
