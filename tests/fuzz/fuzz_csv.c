/*
 * libFuzzer harness: bytes as a CSV file through the import path - the
 * reader (BOM, separator detection, quoting), the header mapping and the
 * conversion of each row's cells into the record by the activity and
 * organisation column tables.  Rows are checked but written nowhere (a dry
 * run with a door that accepts what reached it), so no database is needed.  The counts the import
 * reports must add up.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/activities.h"
#include "api/import.h"
#include "api/organisations.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
        do {                                                                                       \
                if (!(cond))                                                                       \
                        abort();                                                                   \
        } while (0)

/* Accept every row that reached the door: the columns' checks have run on it. */
static enum ecat_err validate_only(struct db *db, const struct principal *who, void *rec,
                                   int64_t want_id, struct problems *p, int64_t *id)
{
        (void)db;
        (void)who;
        (void)rec;
        (void)p;
        *id = want_id ? want_id : 1;
        return E_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (size == 0)
                return 0;
        /* The first byte picks the target and the options. */
        bool activities = data[0] & 1;
        struct import_options o = {.dry_run = true, .skip_bad = (data[0] & 2) != 0};
        struct import_target t = {
            .name = "fuzz",
            .object_type = "fuzz",
            .res = activities ? &activity_resource : &organisation_resource,
            .ignored = NULL,
            .keeps_id = !activities,
            .create = validate_only,
        };
        struct principal who = {0, ROLE_ADMIN, 0, "fuzz", 0};
        struct import_result res;
        import_csv(NULL, &t, (const char *)data + 1, size - 1, &o, &who, &res);
        CHECK(res.imported + res.skipped <= res.rows);
        CHECK(!res.commit); /* a dry run never commits */
        CHECK(json_is_array(res.errors));
        CHECK(json_array_size(res.errors) <= IMPORT_MAX_ERRORS);
        if (res.err == E_OK && !o.skip_bad)
                CHECK(json_array_size(res.errors) == 0);
        json_decref(res.errors);
        return 0;
}
