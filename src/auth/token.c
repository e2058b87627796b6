#include "auth/token.h"

#include <sodium.h>
#include <string.h>

void token_new(char out[TOKEN_CHARS + 1])
{
        unsigned char raw[32];
        randombytes_buf(raw, sizeof(raw));
        sodium_bin2base64(out, TOKEN_CHARS + 1, raw, sizeof(raw),
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        sodium_memzero(raw, sizeof(raw));
}

void api_token_new(char out[API_TOKEN_LEN + 1])
{
        memcpy(out, TOKEN_PREFIX, sizeof(TOKEN_PREFIX) - 1);
        token_new(out + sizeof(TOKEN_PREFIX) - 1);
}

bool token_well_formed(const char *s, size_t len)
{
        if (len == API_TOKEN_LEN && memcmp(s, TOKEN_PREFIX, sizeof(TOKEN_PREFIX) - 1) == 0) {
                s += sizeof(TOKEN_PREFIX) - 1;
                len -= sizeof(TOKEN_PREFIX) - 1;
        }
        if (len != TOKEN_CHARS)
                return false;
        for (size_t i = 0; i < len; i++) {
                char c = s[i];
                if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_'))
                        return false;
        }
        return true;
}

void token_hash(const char *tok, size_t len, unsigned char out[TOKEN_HASH])
{
        crypto_generichash(out, TOKEN_HASH, (const unsigned char *)tok, len, NULL, 0);
}
