#include "domain/org.h"

#include <string.h>

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
