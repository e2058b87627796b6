/*
 * Two-factor login: time-based one-time codes (TOTP, RFC 6238: HMAC-SHA1,
 * six digits, 30-second steps) through liboath, and one-time recovery codes.
 *
 * Secrets.  20 random bytes per user, given to the user once at enrolment
 * (base32 in an otpauth:// URI and as a QR code) and stored only sealed:
 * XChaCha20-Poly1305 under a purpose key derived from the master key file
 * (KEY_TOTP), the associated data binding the value to the user's id, so a
 * secret copied to another account, or one with any bit changed, is refused.
 *
 * Codes.  A code is accepted within one step either side of now, and only for
 * a step later than the last one accepted (the caller keeps it): a code seen
 * once is refused for the rest of its window.
 *
 * Recovery codes.  Ten per enrolment, "xxxxx-xxxxx" from an alphabet without
 * look-alike characters (50 bits each), shown once; the database keeps only
 * their keyed BLAKE2b hashes, so a copy of it cannot be searched for them
 * without the key file.
 *
 * totp_init() runs once at start, before threads.
 */
#ifndef ECAT_TOTP_H
#define ECAT_TOTP_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

#define TOTP_SECRET_BYTES   20
#define TOTP_SEALED_BYTES   (TOTP_SECRET_BYTES + 24 + 16) /* nonce, secret, tag */
#define TOTP_STEP           30
#define TOTP_RECOVERY_CODES 10
#define TOTP_RECOVERY_CHARS 11 /* "xxxxx-xxxxx" */
#define TOTP_HASH_BYTES     32

/* Keep the purpose key (derived by the caller from the master key); 0 or -1. */
int totp_init(const unsigned char key[32]);
/* Wipe the kept key. */
void totp_free(void);

/* A new secret. */
void totp_secret_new(unsigned char secret[TOTP_SECRET_BYTES]);

/* Seal / open a secret for user_id; 0, or -1 (open: refused). */
int totp_seal(int64_t user_id, const unsigned char secret[TOTP_SECRET_BYTES],
              unsigned char out[TOTP_SEALED_BYTES]);
int totp_open(int64_t user_id, const void *sealed, size_t len,
              unsigned char secret[TOTP_SECRET_BYTES]);

/* The secret in base32 and the otpauth:// URI for login (from arena a); NULL on failure. */
char *totp_base32(const unsigned char secret[TOTP_SECRET_BYTES], struct arena *a);
char *totp_uri(const char *issuer, const char *login, const char *base32, struct arena *a);
/* The URI as a QR code, an SVG document (from arena a); NULL on failure. */
char *totp_qr_svg(const char *uri, struct arena *a);

/*
 * Check code (six digits) at time now against secret.  Returns its time step
 * when it is right for a step in [now-1, now+1] later than last_step; 0 when
 * wrong, early, late or already used; -1 when the code cannot be checked.
 */
int64_t totp_check(const unsigned char secret[TOTP_SECRET_BYTES], const char *code, int64_t now,
                   int64_t last_step);

/* Whether s has the shape of a recovery code (case and the dash optional). */
int totp_is_recovery(const char *s);
/* New recovery codes and their hashes. */
void totp_recovery_new(char codes[TOTP_RECOVERY_CODES][TOTP_RECOVERY_CHARS + 1],
                       unsigned char hashes[TOTP_RECOVERY_CODES][TOTP_HASH_BYTES]);
/* The hash of a recovery code as typed (normalised first); -1 when it has not the shape. */
int totp_recovery_hash(const char *code, unsigned char out[TOTP_HASH_BYTES]);

#endif
