/*
 * Field encryption and blind indexes; see crypto/field.h.
 */
#include "crypto/field.h"

#include "core/log.h"
#include "store/store.h"

#include <sodium.h>
#include <stdatomic.h>
#include <string.h>

#define FIELD_KDF_CONTEXT "ecat-fld"
#define NONCE_BYTES       crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES         crypto_aead_xchacha20poly1305_ietf_ABYTES
/* Longest associated data: a prefix, two names of at most 63 bytes, the row id and version. */
#define AD_MAX 160

static unsigned char *master; /* sodium_malloc'd, read-only between uses */
static unsigned char blind_key[KEY_BYTES];
static atomic_int ready;

int field_keys_init(const unsigned char key[KEY_BYTES])
{
        if (atomic_load(&ready))
                return 0;
        master = sodium_malloc(KEY_BYTES);
        if (!master)
                return -1;
        memcpy(master, key, KEY_BYTES);
        key_derive(key, KEY_BLIND, blind_key);
        sodium_mprotect_readonly(master);
        atomic_store(&ready, 1);
        return 0;
}

void field_keys_free(void)
{
        if (!atomic_load(&ready))
                return;
        atomic_store(&ready, 0);
        sodium_free(master); /* wipes it */
        master = NULL;
        sodium_memzero(blind_key, sizeof(blind_key));
}

int field_keys_ready(void)
{
        return atomic_load(&ready);
}

/* The key of one column under one version; false when no master key is kept. */
static bool column_key(const char *table, const char *column, int version,
                       unsigned char out[crypto_aead_xchacha20poly1305_ietf_KEYBYTES])
{
        if (!atomic_load(&ready) || version <= 0)
                return false;
        unsigned char vkey[KEY_BYTES];
        crypto_kdf_derive_from_key(vkey, sizeof(vkey), (uint64_t)version, FIELD_KDF_CONTEXT,
                                   master);
        crypto_generichash_state h;
        crypto_generichash_init(&h, vkey, sizeof(vkey),
                                crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
        crypto_generichash_update(&h, (const unsigned char *)table, strlen(table));
        crypto_generichash_update(&h, (const unsigned char *)".", 1);
        crypto_generichash_update(&h, (const unsigned char *)column, strlen(column));
        crypto_generichash_final(&h, out, crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
        sodium_memzero(vkey, sizeof(vkey));
        sodium_memzero(&h, sizeof(h));
        return true;
}

/* "ecat-field-1" NUL table NUL column NUL row id (8 bytes LE) version (4 bytes LE). */
static size_t ad_bytes(const struct cipher_ad *ad, unsigned char out[AD_MAX])
{
        static const char prefix[] = "ecat-field-1";
        size_t t = strlen(ad->table), c = strlen(ad->column);
        if (t > 63 || c > 63)
                return 0;
        size_t n = 0;
        memcpy(out + n, prefix, sizeof(prefix));
        n += sizeof(prefix);
        memcpy(out + n, ad->table, t + 1);
        n += t + 1;
        memcpy(out + n, ad->column, c + 1);
        n += c + 1;
        uint64_t id = (uint64_t)ad->row_id;
        for (int i = 0; i < 8; i++)
                out[n++] = (unsigned char)(id >> (8 * i));
        uint32_t v = (uint32_t)ad->key_version;
        for (int i = 0; i < 4; i++)
                out[n++] = (unsigned char)(v >> (8 * i));
        return n;
}

void field_forget(void *p, size_t len)
{
        sodium_memzero(p, len);
}

int field_seal(const struct cipher_ad *ad, const void *p, size_t len, struct arena *a,
               const void **out, size_t *out_len)
{
        unsigned char adb[AD_MAX];
        size_t adn = ad_bytes(ad, adb);
        unsigned char key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
        if (!adn || len > (1u << 24) || !column_key(ad->table, ad->column, ad->key_version, key))
                return -1;
        unsigned char *c = arena_alloc(a, NONCE_BYTES + len + TAG_BYTES);
        if (!c) {
                sodium_memzero(key, sizeof(key));
                return -1;
        }
        randombytes_buf(c, NONCE_BYTES);
        unsigned long long clen = 0;
        crypto_aead_xchacha20poly1305_ietf_encrypt(c + NONCE_BYTES, &clen, p, len, adb, adn, NULL,
                                                   c, key);
        sodium_memzero(key, sizeof(key));
        *out = c;
        *out_len = NONCE_BYTES + (size_t)clen;
        return 0;
}

int field_open(const struct cipher_ad *ad, const void *cv, size_t len, struct arena *a,
               const char **out)
{
        const unsigned char *c = cv;
        unsigned char adb[AD_MAX];
        size_t adn = ad_bytes(ad, adb);
        unsigned char key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
        if (!adn || !c || len < NONCE_BYTES + TAG_BYTES ||
            !column_key(ad->table, ad->column, ad->key_version, key))
                return -1;
        size_t plen = len - NONCE_BYTES - TAG_BYTES;
        unsigned char *p = arena_alloc(a, plen + 1);
        if (!p) {
                sodium_memzero(key, sizeof(key));
                return -1;
        }
        unsigned long long got = 0;
        int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(p, &got, NULL, c + NONCE_BYTES,
                                                            len - NONCE_BYTES, adb, adn, c, key);
        sodium_memzero(key, sizeof(key));
        if (rc != 0 || got != plen) {
                sodium_memzero(p, plen + 1);
                return -1;
        }
        p[plen] = 0;
        /* Text columns: a NUL inside would cut the value. */
        if (memchr(p, 0, plen)) {
                sodium_memzero(p, plen + 1);
                return -1;
        }
        *out = (const char *)p;
        return 0;
}

static int cipher_seal(void *ctx, const struct cipher_ad *ad, const void *p, size_t len,
                       struct arena *a, const void **out, size_t *out_len)
{
        (void)ctx;
        return field_seal(ad, p, len, a, out, out_len);
}

static int cipher_open(void *ctx, const struct cipher_ad *ad, const void *c, size_t len,
                       struct arena *a, const char **out)
{
        (void)ctx;
        return field_open(ad, c, len, a, out);
}

int field_key_current(struct db *db)
{
        struct stmt *st = db_prepare(db, STMT_FIELD_KEY_CURRENT);
        if (!st)
                return -1;
        int v = -1;
        if (st_step(st) == STORE_ROW && !st_null(st, 0))
                v = (int)st_int(st, 0);
        st_reset(st);
        return v;
}

static int cipher_current(void *ctx, struct db *db)
{
        (void)ctx;
        return field_key_current(db);
}

const struct row_cipher field_cipher = {NULL, 1, cipher_seal, cipher_open, cipher_current};

/* --- blind indexes --- */

/* Base letters of U+00C0..U+017F ("": kept as it is). */
static const char *const latin_fold[0x180 - 0xC0] = {
    "a", "a", "a",  "a",  "a", "a", "ae", "c",  /* U+00C0 */
    "e", "e", "e",  "e",  "i", "i", "i",  "i",  /* U+00C8 */
    "d", "n", "o",  "o",  "o", "o", "o",  "",   /* U+00D0 */
    "o", "u", "u",  "u",  "u", "y", "th", "ss", /* U+00D8 */
    "a", "a", "a",  "a",  "a", "a", "ae", "c",  /* U+00E0 */
    "e", "e", "e",  "e",  "i", "i", "i",  "i",  /* U+00E8 */
    "d", "n", "o",  "o",  "o", "o", "o",  "",   /* U+00F0 */
    "o", "u", "u",  "u",  "u", "y", "th", "y",  /* U+00F8 */
    "a", "a", "a",  "a",  "a", "a", "c",  "c",  /* U+0100 */
    "c", "c", "c",  "c",  "c", "c", "d",  "d",  /* U+0108 */
    "d", "d", "e",  "e",  "e", "e", "e",  "e",  /* U+0110 */
    "e", "e", "e",  "e",  "g", "g", "g",  "g",  /* U+0118 */
    "g", "g", "g",  "g",  "h", "h", "h",  "h",  /* U+0120 */
    "i", "i", "i",  "i",  "i", "i", "i",  "i",  /* U+0128 */
    "i", "i", "ij", "ij", "j", "j", "k",  "k",  /* U+0130 */
    "k", "l", "l",  "l",  "l", "l", "l",  "l",  /* U+0138 */
    "l", "l", "l",  "n",  "n", "n", "n",  "n",  /* U+0140 */
    "n", "n", "n",  "n",  "o", "o", "o",  "o",  /* U+0148 */
    "o", "o", "oe", "oe", "r", "r", "r",  "r",  /* U+0150 */
    "r", "r", "s",  "s",  "s", "s", "s",  "s",  /* U+0158 */
    "s", "s", "t",  "t",  "t", "t", "t",  "t",  /* U+0160 */
    "u", "u", "u",  "u",  "u", "u", "u",  "u",  /* U+0168 */
    "u", "u", "u",  "u",  "w", "w", "y",  "y",  /* U+0170 */
    "y", "z", "z",  "z",  "z", "z", "z",  "s",  /* U+0178 */

};

void blind_normalise(const char *s, size_t len, char *out, size_t out_len)
{
        size_t n = 0;
        bool space = true; /* drops leading space */
        const unsigned char *u = (const unsigned char *)s;
        for (size_t i = 0; i < len && n + 3 < out_len;) {
                unsigned cp = u[i];
                size_t w = 1;
                if (cp >= 0xC0 && cp < 0xE0 && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) {
                        cp = ((cp & 0x1F) << 6) | (u[i + 1] & 0x3F);
                        w = 2;
                }
                if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') {
                        if (!space)
                                out[n++] = ' ';
                        space = true;
                        i += w;
                        continue;
                }
                space = false;
                if (cp < 0x80) {
                        out[n++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
                } else if (w == 2 && cp >= 0xC0 && cp < 0x180 && latin_fold[cp - 0xC0][0]) {
                        const char *f = latin_fold[cp - 0xC0];
                        while (*f && n + 1 < out_len)
                                out[n++] = *f++;
                } else {
                        for (size_t k = 0; k < w && n + 1 < out_len; k++)
                                out[n++] = (char)u[i + k];
                }
                i += w;
        }
        while (n && out[n - 1] == ' ')
                n--;
        out[n] = 0;
}

void blind_index(const char *kind, const char *normalised, unsigned char out[BLIND_BYTES])
{
        crypto_generichash_state h;
        crypto_generichash_init(&h, blind_key, sizeof(blind_key), BLIND_BYTES);
        crypto_generichash_update(&h, (const unsigned char *)kind, strlen(kind) + 1);
        crypto_generichash_update(&h, (const unsigned char *)normalised, strlen(normalised));
        crypto_generichash_final(&h, out, BLIND_BYTES);
        sodium_memzero(&h, sizeof(h));
}
