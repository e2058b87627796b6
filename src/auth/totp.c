/* Two-factor login codes; see auth/totp.h. */
#include "auth/totp.h"

#include "core/buf.h"

#include <ctype.h>
#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *key; /* sodium_malloc'd, read-only */

int totp_init(const unsigned char k[32])
{
        if (key)
                return 0;
        if (oath_init() != OATH_OK)
                return -1;
        key = sodium_malloc(32);
        if (!key)
                return -1;
        memcpy(key, k, 32);
        sodium_mprotect_readonly(key);
        return 0;
}

void totp_free(void)
{
        if (key) {
                sodium_free(key);
                key = NULL;
                oath_done();
        }
}

void totp_secret_new(unsigned char secret[TOTP_SECRET_BYTES])
{
        randombytes_buf(secret, TOTP_SECRET_BYTES);
}

/* "users.totp" and the user's id, little-endian. */
static void associated(int64_t user_id, unsigned char ad[18])
{
        static const char label[10] = {'u', 's', 'e', 'r', 's', '.', 't', 'o', 't', 'p'};
        memcpy(ad, label, sizeof(label));
        uint64_t u = (uint64_t)user_id;
        for (int i = 0; i < 8; i++)
                ad[10 + i] = (unsigned char)(u >> (8 * i));
}

int totp_seal(int64_t user_id, const unsigned char secret[TOTP_SECRET_BYTES],
              unsigned char out[TOTP_SEALED_BYTES])
{
        if (!key)
                return -1;
        unsigned char ad[18];
        associated(user_id, ad);
        randombytes_buf(out, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
        unsigned long long n;
        return crypto_aead_xchacha20poly1305_ietf_encrypt(
                   out + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &n, secret,
                   TOTP_SECRET_BYTES, ad, sizeof(ad), NULL, out, key) == 0
                   ? 0
                   : -1;
}

int totp_open(int64_t user_id, const void *sealed, size_t len,
              unsigned char secret[TOTP_SECRET_BYTES])
{
        if (!key || !sealed || len != TOTP_SEALED_BYTES)
                return -1;
        unsigned char ad[18];
        associated(user_id, ad);
        const unsigned char *s = sealed;
        unsigned long long n;
        if (crypto_aead_xchacha20poly1305_ietf_decrypt(
                secret, &n, NULL, s + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                len - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, ad, sizeof(ad), s, key) != 0 ||
            n != TOTP_SECRET_BYTES) {
                sodium_memzero(secret, TOTP_SECRET_BYTES);
                return -1;
        }
        return 0;
}

char *totp_base32(const unsigned char secret[TOTP_SECRET_BYTES], struct arena *a)
{
        char *out = NULL;
        size_t n = 0;
        if (oath_base32_encode((const char *)secret, TOTP_SECRET_BYTES, &out, &n) != OATH_OK)
                return NULL;
        /* 20 bytes are 32 base32 characters: no padding to strip. */
        char *s = arena_strndup(a, out, n);
        sodium_memzero(out, n);
        free(out);
        return s;
}

/* Percent-encode what is not unreserved (RFC 3986) into b. */
static int uri_escape(struct buf *b, const char *s)
{
        for (; *s; s++) {
                unsigned char ch = (unsigned char)*s;
                if (isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
                        if (buf_putc(b, (char)ch) < 0)
                                return -1;
                } else if (buf_printf(b, "%%%02X", ch) < 0) {
                        return -1;
                }
        }
        return 0;
}

char *totp_uri(const char *issuer, const char *login, const char *base32, struct arena *a)
{
        struct buf b;
        buf_init(&b, 1024);
        bool ok = buf_puts(&b, "otpauth://totp/") == 0 && uri_escape(&b, issuer) == 0 &&
                  buf_putc(&b, ':') == 0 && uri_escape(&b, login) == 0 &&
                  buf_printf(&b, "?secret=%s&issuer=", base32) == 0 &&
                  uri_escape(&b, issuer) == 0 &&
                  buf_printf(&b, "&algorithm=SHA1&digits=6&period=%d", TOTP_STEP) == 0;
        size_t len = 0;
        char *s = ok ? buf_steal(&b, &len) : NULL;
        char *out = s ? arena_strndup(a, s, len) : NULL;
        if (s) {
                sodium_memzero(s, len);
                free(s);
        }
        buf_free(&b);
        return out;
}

char *totp_qr_svg(const char *uri, struct arena *a)
{
        QRcode *q = QRcode_encodeString(uri, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
        if (!q)
                return NULL;
        int w = q->width, quiet = 4, size = w + 2 * quiet;
        struct buf b;
        buf_init(&b, (size_t)256 * 1024);
        int bad = buf_printf(&b,
                             "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                             "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" "
                             "fill=\"#fff\"/><path fill=\"#000\" d=\"",
                             size, size, size, size);
        /* One rectangle per run of dark modules in a row. */
        for (int y = 0; y < w && !bad; y++)
                for (int x = 0; x < w && !bad;) {
                        const unsigned char *row = q->data + (size_t)y * (size_t)w;
                        if (!(row[x] & 1)) {
                                x++;
                                continue;
                        }
                        int run = 1;
                        while (x + run < w && (row[x + run] & 1))
                                run++;
                        bad = buf_printf(&b, "M%d %dh%dv1h-%dz", x + quiet, y + quiet, run, run);
                        x += run;
                }
        if (!bad)
                bad = buf_puts(&b, "\"/></svg>");
        QRcode_free(q);
        size_t len = 0;
        char *s = bad ? NULL : buf_steal(&b, &len);
        char *out = s ? arena_strndup(a, s, len) : NULL;
        free(s);
        buf_free(&b);
        return out;
}

int64_t totp_check(const unsigned char secret[TOTP_SECRET_BYTES], const char *code, int64_t now,
                   int64_t last_step)
{
        if (!code || strlen(code) != 6)
                return 0;
        for (int i = 0; i < 6; i++)
                if (code[i] < '0' || code[i] > '9')
                        return 0;
        int pos = 0;
        uint64_t step = 0;
        int rc = oath_totp_validate3((const char *)secret, TOTP_SECRET_BYTES, (time_t)now,
                                     TOTP_STEP, 0, 1, &pos, &step, code);
        if (rc == OATH_INVALID_OTP)
                return 0;
        if (rc < 0)
                return -1;
        return (int64_t)step > last_step ? (int64_t)step : 0;
}

/* Crockford's base32 in lower case: no i, l, o or u to misread. */
static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

/* The 10 characters of a recovery code as typed, normalised; -1 when it has not the shape. */
static int recovery_normalise(const char *s, char out[11])
{
        size_t n = 0;
        for (; *s; s++) {
                char ch = (char)tolower((unsigned char)*s);
                if (ch == '-' && n == 5)
                        continue;
                if (ch == 'o')
                        ch = '0';
                else if (ch == 'i' || ch == 'l')
                        ch = '1';
                if (n == 10 || !strchr(alphabet, ch) || ch == '\0')
                        return -1;
                out[n++] = ch;
        }
        out[n] = '\0';
        return n == 10 ? 0 : -1;
}

int totp_is_recovery(const char *s)
{
        char n[11];
        return s && recovery_normalise(s, n) == 0;
}

int totp_recovery_hash(const char *code, unsigned char out[TOTP_HASH_BYTES])
{
        char n[11];
        if (!key || recovery_normalise(code, n) < 0)
                return -1;
        crypto_generichash(out, TOTP_HASH_BYTES, (const unsigned char *)n, 10, key, 32);
        sodium_memzero(n, sizeof(n));
        return 0;
}

void totp_recovery_new(char codes[TOTP_RECOVERY_CODES][TOTP_RECOVERY_CHARS + 1],
                       unsigned char hashes[TOTP_RECOVERY_CODES][TOTP_HASH_BYTES])
{
        for (int i = 0; i < TOTP_RECOVERY_CODES; i++) {
                char *c = codes[i];
                for (int k = 0, j = 0; k < 10; k++) {
                        if (k == 5)
                                c[j++] = '-';
                        c[j++] = alphabet[randombytes_uniform(32)];
                }
                c[TOTP_RECOVERY_CHARS] = '\0';
                if (totp_recovery_hash(c, hashes[i]) < 0)
                        memset(hashes[i], 0, TOTP_HASH_BYTES);
        }
}
