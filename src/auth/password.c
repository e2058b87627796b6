#include "auth/password.h"

#include "core/embed.h"
#include "core/util.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

static const char **common;
static char *common_text; /* the lines common points into */
static size_t n_common;
static char dummy_hash[PASSWORD_HASH_MAX];

static int cmp_ci(const void *a, const void *b)
{
        return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

int password_init(void)
{
        if (common)
                return 0;
        const struct embedded_file *f = NULL;
        for (size_t i = 0; i < ecat_wordlists_count; i++)
                if (strcmp(ecat_wordlists[i].name, "common-passwords.txt") == 0)
                        f = &ecat_wordlists[i];
        if (!f)
                return -1;
        /* The list is kept as one copy split into lines, sorted for bsearch. */
        char *text = malloc(f->len + 1);
        if (!text)
                return -1;
        memcpy(text, f->data, f->len + 1);
        size_t lines = 1;
        for (size_t i = 0; i < f->len; i++)
                lines += text[i] == '\n';
        const char **list = calloc(lines, sizeof(*list));
        if (!list) {
                free(text);
                return -1;
        }
        size_t n = 0;
        for (char *p = text; p && *p;) {
                char *nl = strchr(p, '\n');
                if (nl)
                        *nl = '\0';
                if (*p && *p != '#')
                        list[n++] = p;
                p = nl ? nl + 1 : NULL;
        }
        qsort(list, n, sizeof(*list), cmp_ci);
        common_text = text;
        common = list;
        n_common = n;

        char random_pw[33];
        unsigned char rnd[16];
        randombytes_buf(rnd, sizeof(rnd));
        hex_encode(rnd, sizeof(rnd), random_pw);
        return password_hash(random_pw, dummy_hash);
}

bool password_is_common(const char *pw)
{
        if (!common)
                return false;
        return bsearch(&pw, common, n_common, sizeof(*common), cmp_ci) != NULL;
}

const char *password_policy(const char *pw, const char *login)
{
        size_t len = strlen(pw);
        if (len > PASSWORD_MAX_BYTES)
                return "must be at most 1024 bytes";
        if (!utf8_valid(pw, len))
                return "must be valid UTF-8 text";
        if (utf8_length(pw, len) < PASSWORD_MIN_CHARS)
                return "must be at least 12 characters";
        if (password_is_common(pw))
                return "is too common; choose another";
        if (login && strcasecmp(pw, login) == 0)
                return "must not be the login";
        /*
         * One character repeated ("aaaaaaaaaaaa") is as weak as a common word.
         * Compared character by character: the first one may be several bytes.
         */
        size_t k = 1;
        while (k < len && ((unsigned char)pw[k] & 0xC0) == 0x80)
                k++;
        size_t i = k;
        while (len - i >= k && memcmp(pw + i, pw, k) == 0)
                i += k;
        if (i == len)
                return "must not repeat one character";
        return NULL;
}

int password_hash(const char *pw, char out[PASSWORD_HASH_MAX])
{
        _Static_assert(crypto_pwhash_STRBYTES <= PASSWORD_HASH_MAX, "hash buffer too small");
        return crypto_pwhash_str(out, pw, strlen(pw), OPSLIMIT, MEMLIMIT) == 0 ? 0 : -1;
}

bool password_verify(const char *hash, const char *pw)
{
        if (!hash || !*hash) {
                /* Same work as a real check, result thrown away. */
                volatile int sink = crypto_pwhash_str_verify(dummy_hash, pw, strlen(pw));
                (void)sink;
                return false;
        }
        return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

bool password_needs_rehash(const char *hash)
{
        return crypto_pwhash_str_needs_rehash(hash, OPSLIMIT, MEMLIMIT) != 0;
}
