#include "domain/municipalities.h"

#include <string.h>

/*
 * Lithuanian alphabetical order (a ą b c č d e ę ė ... s š ... z ž), so a list
 * shown as it stands reads the way Lithuanian users expect.
 */
static const struct municipality municipalities[] = {
    {"Akmenė district", MUNI_DISTRICT, 56.3196, 22.8986}, /* Naujoji Akmenė */
    {"Alytus city", MUNI_CITY, 54.3962, 24.0459},
    {"Alytus district", MUNI_DISTRICT, 54.3667, 24.3333}, /* Daugai */
    {"Anykščiai district", MUNI_DISTRICT, 55.5244, 25.1047},
    {"Birštonas", MUNI_OTHER, 54.6100, 24.0300},
    {"Biržai district", MUNI_DISTRICT, 56.2011, 24.7569},
    {"Druskininkai", MUNI_OTHER, 54.0200, 23.9700},
    {"Elektrėnai", MUNI_OTHER, 54.7858, 24.6636},
    {"Ignalina district", MUNI_DISTRICT, 55.3400, 26.1600},
    {"Jonava district", MUNI_DISTRICT, 55.0722, 24.2806},
    {"Joniškis district", MUNI_DISTRICT, 56.2422, 23.6156},
    {"Jurbarkas district", MUNI_DISTRICT, 55.0778, 22.7653},
    {"Kaišiadorys district", MUNI_DISTRICT, 54.8667, 24.4500},
    {"Kalvarija", MUNI_OTHER, 54.4147, 23.2289},
    {"Kaunas city", MUNI_CITY, 54.8985, 23.9036},
    {"Kaunas district", MUNI_DISTRICT, 54.8206, 23.8717}, /* Garliava */
    {"Kazlų Rūda", MUNI_OTHER, 54.7500, 23.4833},
    {"Kelmė district", MUNI_DISTRICT, 55.6333, 22.9333},
    {"Kėdainiai district", MUNI_DISTRICT, 55.2886, 23.9744},
    {"Klaipėda city", MUNI_CITY, 55.7033, 21.1443},
    {"Klaipėda district", MUNI_DISTRICT, 55.7097, 21.3936}, /* Gargždai */
    {"Kretinga district", MUNI_DISTRICT, 55.8883, 21.2425},
    {"Kupiškis district", MUNI_DISTRICT, 55.8400, 24.9767},
    {"Lazdijai district", MUNI_DISTRICT, 54.2333, 23.5167},
    {"Marijampolė", MUNI_OTHER, 54.5593, 23.3541},
    {"Mažeikiai district", MUNI_DISTRICT, 56.3092, 22.3411},
    {"Molėtai district", MUNI_DISTRICT, 55.2333, 25.4167},
    {"Neringa", MUNI_OTHER, 55.3039, 21.0058}, /* Nida */
    {"Pagėgiai", MUNI_OTHER, 55.1378, 21.9111},
    {"Pakruojis district", MUNI_DISTRICT, 55.9797, 23.8556},
    {"Palanga city", MUNI_CITY, 55.9175, 21.0686},
    {"Panevėžys city", MUNI_CITY, 55.7348, 24.3575},
    {"Panevėžys district", MUNI_DISTRICT, 55.5144, 24.3000}, /* Ramygala */
    {"Pasvalys district", MUNI_DISTRICT, 56.0594, 24.4036},
    {"Plungė district", MUNI_DISTRICT, 55.9117, 21.8442},
    {"Prienai district", MUNI_DISTRICT, 54.6333, 23.9500},
    {"Radviliškis district", MUNI_DISTRICT, 55.8100, 23.5456},
    {"Raseiniai district", MUNI_DISTRICT, 55.3817, 23.1167},
    {"Rietavas", MUNI_OTHER, 55.7250, 21.9328},
    {"Rokiškis district", MUNI_DISTRICT, 55.9667, 25.5833},
    {"Skuodas district", MUNI_DISTRICT, 56.2667, 21.5333},
    {"Šakiai district", MUNI_DISTRICT, 54.9528, 23.0458},
    {"Šalčininkai district", MUNI_DISTRICT, 54.3089, 25.3850},
    {"Šiauliai city", MUNI_CITY, 55.9349, 23.3137},
    {"Šiauliai district", MUNI_DISTRICT, 56.0036, 22.9364}, /* Kuršėnai */
    {"Šilalė district", MUNI_DISTRICT, 55.4922, 22.1864},
    {"Šilutė district", MUNI_DISTRICT, 55.3500, 21.4833},
    {"Širvintos district", MUNI_DISTRICT, 55.0436, 24.9567},
    {"Švenčionys district", MUNI_DISTRICT, 55.1333, 26.1667},
    {"Tauragė district", MUNI_DISTRICT, 55.2522, 22.2897},
    {"Telšiai district", MUNI_DISTRICT, 55.9814, 22.2472},
    {"Trakai district", MUNI_DISTRICT, 54.6378, 24.9342},
    {"Ukmergė district", MUNI_DISTRICT, 55.2456, 24.7761},
    {"Utena district", MUNI_DISTRICT, 55.4978, 25.5997},
    {"Varėna district", MUNI_DISTRICT, 54.2111, 24.5761},
    {"Vilkaviškis district", MUNI_DISTRICT, 54.6517, 23.0347},
    {"Vilnius city", MUNI_CITY, 54.6872, 25.2797},
    {"Vilnius district", MUNI_DISTRICT, 54.8469, 25.4839}, /* Nemenčinė */
    {"Visaginas", MUNI_OTHER, 55.5983, 26.4381},
    {"Zarasai district", MUNI_DISTRICT, 55.7322, 26.2467},
};

_Static_assert(sizeof(municipalities) / sizeof(municipalities[0]) == 60,
               "Lithuania has 60 municipalities");

size_t municipality_count(void)
{
        return sizeof(municipalities) / sizeof(municipalities[0]);
}

const struct municipality *municipality_at(size_t i)
{
        return i < municipality_count() ? &municipalities[i] : NULL;
}

const struct municipality *municipality_by_name(const char *name)
{
        if (!name)
                return NULL;
        for (size_t i = 0; i < municipality_count(); i++)
                if (strcmp(municipalities[i].name, name) == 0)
                        return &municipalities[i];
        return NULL;
}

/* The Lithuanian letters with diacritics (both cases) and their base letter. */
static const struct {
        unsigned code;
        char base;
} lt_letters[] = {
    {0x0104, 'a'}, {0x0105, 'a'}, {0x010C, 'c'}, {0x010D, 'c'}, {0x0116, 'e'}, {0x0117, 'e'},
    {0x0118, 'e'}, {0x0119, 'e'}, {0x012E, 'i'}, {0x012F, 'i'}, {0x0160, 's'}, {0x0161, 's'},
    {0x016A, 'u'}, {0x016B, 'u'}, {0x0172, 'u'}, {0x0173, 'u'}, {0x017D, 'z'}, {0x017E, 'z'},
};

/* Longest input worth folding: the longest name is 21 characters. */
#define FOLD_MAX 128

/*
 * Fold s into out[FOLD_MAX]: ASCII lower case, Lithuanian letters to their
 * base letter, runs of spaces to one, no leading or trailing space.  Other
 * bytes are copied, so they only match themselves.  -1 when s is too long.
 */
static int fold(const char *s, char out[FOLD_MAX])
{
        size_t n = 0;
        bool space = false;
        const unsigned char *p = (const unsigned char *)s;
        while (*p) {
                char c;
                size_t used = 1;
                if (*p == ' ' || *p == '\t') {
                        space = n > 0;
                        p++;
                        continue;
                }
                if ((p[0] & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
                        unsigned code = ((unsigned)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
                        c = 0;
                        for (size_t k = 0; k < sizeof(lt_letters) / sizeof(lt_letters[0]); k++)
                                if (lt_letters[k].code == code)
                                        c = lt_letters[k].base;
                        used = 2;
                        if (!c) {
                                /* Not a Lithuanian letter: keep both bytes. */
                                if (n + (space ? 1 : 0) + 2 >= FOLD_MAX)
                                        return -1;
                                if (space)
                                        out[n++] = ' ';
                                space = false;
                                out[n++] = (char)p[0];
                                out[n++] = (char)p[1];
                                p += used;
                                continue;
                        }
                } else {
                        c = (char)*p;
                        if (c >= 'A' && c <= 'Z')
                                c = (char)(c - 'A' + 'a');
                }
                if (n + (space ? 1 : 0) + 1 >= FOLD_MAX)
                        return -1;
                if (space)
                        out[n++] = ' ';
                space = false;
                out[n++] = c;
                p += used;
        }
        out[n] = '\0';
        return 0;
}

const struct municipality *municipality_lookup(const char *name)
{
        char want[FOLD_MAX], have[FOLD_MAX];
        if (!name || fold(name, want) < 0 || !want[0])
                return NULL;
        for (size_t i = 0; i < municipality_count(); i++)
                if (fold(municipalities[i].name, have) == 0 && strcmp(have, want) == 0)
                        return &municipalities[i];
        /*
         * A bare name ("palanga") means "<name> city" only when no district
         * has that name too; "vilnius" alone could be either and matches none.
         */
        const struct municipality *city = NULL;
        size_t wlen = strlen(want);
        for (size_t i = 0; i < municipality_count(); i++) {
                if (fold(municipalities[i].name, have) < 0 || strncmp(have, want, wlen) != 0 ||
                    have[wlen] != ' ')
                        continue;
                if (municipalities[i].kind != MUNI_CITY)
                        return NULL;
                city = &municipalities[i];
        }
        return city;
}
