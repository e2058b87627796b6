/*
 * libFuzzer harness: bytes as an ecat.conf file through the configuration
 * reader (inih and the settings table), then config_finish().  Whatever the
 * input, the reader either accepts it or says why, and the settings it
 * accepts stay within the bounds config_finish() enforces.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
        do {                                                                                       \
                if (!(cond))                                                                       \
                        abort();                                                                   \
        } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *text = malloc(size ? size : 1);
        if (!text)
                return 0;
        memcpy(text, data, size);
        FILE *f = fmemopen(text, size ? size : 1, "r");
        if (!f) {
                free(text);
                return 0;
        }
        if (!size)
                (void)fgetc(f); /* an empty file */
        struct config c;
        config_defaults(&c);
        char err[512] = "";
        int rc = config_load_stream(&c, f, "fuzz.conf", err, sizeof(err));
        (void)fclose(f);
        if (rc < 0) {
                CHECK(err[0] != '\0' && strlen(err) < sizeof(err));
        } else {
                err[0] = '\0';
                if (config_finish(&c, err, sizeof(err)) < 0)
                        CHECK(err[0] != '\0');
                else
                        CHECK(c.db[0] != '\0' && c.body_limit > 0);
        }
        free(text);
        return 0;
}
