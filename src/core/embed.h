/* Files compiled into the binary by tools/embed.py (migrations, word lists). */
#ifndef ECAT_EMBED_H
#define ECAT_EMBED_H

#include <stddef.h>

struct embedded_file {
        const char *name;
        const unsigned char *data; /* NUL-terminated */
        size_t len;
};

extern const struct embedded_file ecat_migrations[];
extern const size_t ecat_migrations_count;
extern const struct embedded_file ecat_wordlists[];
extern const size_t ecat_wordlists_count;
/* The PDF report's map outline (data/lithuania-outline.txt). */
extern const struct embedded_file ecat_maps[];
extern const size_t ecat_maps_count;

#endif
