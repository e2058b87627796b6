/*
 * The 60 municipalities of Lithuania (savivaldybės), the value set of an
 * organisation's municipality when its country is LT.
 *
 * Names are English forms written with Lithuanian letters, and say which kind
 * of municipality they are where a city and a district share a name:
 *   7 city municipalities      "Vilnius city", "Kaunas city", ... "Palanga city"
 *  43 district municipalities  "Vilnius district", "Akmenė district", ...
 *  10 municipalities           "Birštonas", "Kazlų Rūda", "Marijampolė", ...
 *
 * Each carries a point inside it (WGS 84) for maps: the administrative centre,
 * or for a district that surrounds a city municipality of the same name (and
 * whose offices sit in that city) its largest town outside the city, so that
 * the city and the district never share a point.
 *
 * The table is constant and static; nothing here allocates.
 */
#ifndef ECAT_DOMAIN_MUNICIPALITIES_H
#define ECAT_DOMAIN_MUNICIPALITIES_H

#include <stdbool.h>
#include <stddef.h>

enum municipality_kind {
        MUNI_CITY,     /* miesto savivaldybė */
        MUNI_DISTRICT, /* rajono savivaldybė */
        MUNI_OTHER,    /* savivaldybė */
};

struct municipality {
        const char *name; /* UTF-8, as stored and shown */
        enum municipality_kind kind;
        double lat, lon;
};

/* Number of municipalities (60). */
size_t municipality_count(void);
/* The i-th municipality, i < municipality_count(), in Lithuanian alphabetical order. */
const struct municipality *municipality_at(size_t i);
/* The municipality whose name is exactly name (NUL-terminated), or NULL. */
const struct municipality *municipality_by_name(const char *name);
/*
 * The municipality name means, ignoring case, Lithuanian diacritics and
 * surrounding or repeated spaces ("siauliai  CITY" -> "Šiauliai city").
 * A bare city name matches only where it cannot mean a district too
 * ("Palanga" -> "Palanga city"; "Vilnius" matches nothing).  NULL when none.
 */
const struct municipality *municipality_lookup(const char *name);

#endif
