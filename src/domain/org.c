#include "domain/org.h"

#include <string.h>
#include <strings.h>

const char *const org_kinds[] = {
    "ngo",
    "police",
    "municipality",
    "ombudsman",
    "health_service",
    "social_service",
    "government",
    "international",
    "funder",
    "childrens_home",
    "socialisation_centre",
    "special_school",
    "school",
    "higher_education",
    "youth_centre",
    "shelter",
    "hotel",
    "business",
    "other",
    NULL,
};

/* ISO 3166-1 alpha-2, officially assigned codes, sorted, two letters each. */
static const char countries[] =
    "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCH"
    "CICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGN"
    "GPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLI"
    "LKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOM"
    "PAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTD"
    "TFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW";

bool country_valid(const char *s)
{
        if (!s || strlen(s) != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z')
                return false;
        for (size_t i = 0; i + 1 < sizeof(countries); i += 2)
                if (countries[i] == s[0] && countries[i + 1] == s[1])
                        return true;
        return false;
}

bool email_valid(const char *s)
{
        size_t len = s ? strlen(s) : 0;
        if (len < 3 || len > 254)
                return false;
        const char *at = strchr(s, '@');
        if (!at || at == s || strchr(at + 1, '@'))
                return false;
        for (const char *p = s; *p; p++)
                if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
                        return false;
        const char *domain = at + 1;
        size_t dlen = strlen(domain);
        const char *dot = strchr(domain, '.');
        /* a.b at least: a dot, neither first nor last, no empty label. */
        return dot && domain[0] != '.' && domain[dlen - 1] != '.' && !strstr(domain, "..");
}

bool website_valid(const char *s)
{
        if (!s)
                return false;
        if (strlen(s) > 500)
                return false;
        const char *host;
        if (strncasecmp(s, "https://", 8) == 0)
                host = s + 8;
        else if (strncasecmp(s, "http://", 7) == 0)
                host = s + 7;
        else
                return false;
        if (!*host || *host == '/' || *host == ':' || *host == '.')
                return false;
        for (const char *p = s; *p; p++)
                if ((unsigned char)*p <= ' ' || *p == 0x7f)
                        return false;
        return true;
}

bool phone_valid(const char *s)
{
        bool digit = false;
        if (!s || strlen(s) > 50)
                return false;
        for (const char *p = s; *p; p++) {
                if (*p >= '0' && *p <= '9')
                        digit = true;
                else if (!strchr(" +-()", *p))
                        return false;
        }
        return digit;
}
