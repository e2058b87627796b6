/*
 * Field encryption of case data: the cipher behind COL_ENCRYPTED columns
 * (store/rows.h) and the blind indexes that find a case without decrypting.
 *
 * Keys.  Each key version v has a version key derived from the master key
 * file with crypto_kdf (context "ecat-fld", subkey id v); each column has
 * its own key, BLAKE2b keyed by the version key over "table.column".  The
 * master key is held in sodium_malloc'd memory, read-only but while a key is
 * derived, and wiped at exit; derived keys live on the stack only for the
 * call that needs them and are wiped with sodium_memzero.
 *
 * Ciphertexts.  XChaCha20-Poly1305 (IETF), a random 24-byte nonce, stored
 * as nonce || ciphertext || tag.  The associated data binds the value to
 * its table, column, row id and key version, so a ciphertext copied to
 * another row or column, put back from an older version, or with any bit
 * flipped is refused when opened (row_read logs the row and fails; nothing
 * of it is returned).
 *
 * Blind indexes.  A keyed BLAKE2b (its own purpose key) over a normalised
 * value: case and Latin diacritics folded ("Šarūnė" -> "sarune"), spaces
 * collapsed, trimmed.  Equal values give equal indexes and nothing else can
 * be learned from one without the key.  They are stored beside the case and
 * never leave the server.
 *
 * field_keys_init() runs once at start (serve and the command line) before
 * any thread uses the cipher.
 */
#ifndef ECAT_FIELD_H
#define ECAT_FIELD_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/keys.h"
#include "store/rows.h"

#define BLIND_BYTES 32

/* Keep the master key for field keys; 0, or -1 when secure memory cannot be had. */
int field_keys_init(const unsigned char master[KEY_BYTES]);
/* Wipe and release the kept key. */
void field_keys_free(void);
/* Whether field_keys_init has run. */
int field_keys_ready(void);

/* The cipher of encrypted columns; its current version is the database's (field_key_current). */
extern const struct row_cipher field_cipher;

/* The version new ciphertexts are sealed under: the newest of field_keys; -1 on failure. */
int field_key_current(struct db *db);

/*
 * The normal form blind indexes are taken over: lower case, Latin letters
 * with diacritics as their base letter, runs of white space as one space,
 * none at either end; other characters kept.  out holds at least len + 1.
 */
void blind_normalise(const char *s, size_t len, char *out, size_t out_len);

/* The blind index of kind ("name", "birth", "person") over the normalised value. */
void blind_index(const char *kind, const char *normalised, unsigned char out[BLIND_BYTES]);

/* Wipe a plaintext field_open() returned, once it is no longer needed. */
void field_forget(void *p, size_t len);

/* Seal / open one value (the cipher's own functions, for the key rotation and the tests). */
int field_seal(const struct cipher_ad *ad, const void *p, size_t len, struct arena *a,
               const void **out, size_t *out_len);
int field_open(const struct cipher_ad *ad, const void *c, size_t len, struct arena *a,
               const char **out);

#endif
