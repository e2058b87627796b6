/*
 * libFuzzer harness: bytes as a CSV file through the import path - the
 * reader (BOM, separator detection, quoting), the header mapping and the
 * conversion of each row into the JSON object an API client would send -
 * with the activity and organisation field tables.  Rows are validated but
 * written nowhere (a dry run with an insert that only validates), so no
 * database is needed.  The counts the import reports must add up.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/activities.h"
#include "api/import.h"
#include "api/organisations.h"
#include "api/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
        do {                                                                                       \
                if (!(cond))                                                                       \
                        abort();                                                                   \
        } while (0)

static const struct field_spec *fields;
static size_t n_fields;

static enum ecat_err validate_only(struct db *db, struct arena *a, const char *json, size_t len,
                                   int64_t want_id, int64_t actor_id, const char *request_id,
                                   json_t **errors, int64_t *id)
{
        (void)db;
        (void)actor_id;
        (void)request_id;
        /* The input structs of both resources fit in this buffer. */
        _Alignas(16) unsigned char in[1024];
        const char *message = NULL;
        switch (validate_json(a, json, len, fields, n_fields, in, false, errors, &message)) {
        case VALID:
                *id = want_id ? want_id : 1;
                return E_OK;
        case INVALID_FIELDS:
                return E_VALIDATION;
        case MALFORMED:
                /* The importer always builds a well-formed object. */
                abort();
        }
        return E_INTERNAL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (size == 0)
                return 0;
        /* The first byte picks the target and the options. */
        bool activities = data[0] & 1;
        struct import_options o = {.dry_run = true, .skip_bad = (data[0] & 2) != 0};
        fields = activities ? activity_fields : organisation_fields;
        n_fields = activities ? activity_fields_count : organisation_fields_count;
        struct import_target t = {
            .name = "fuzz",
            .object_type = "fuzz",
            .fields = fields,
            .n_fields = &n_fields,
            .ignored = NULL,
            .keeps_id = !activities,
            .insert = validate_only,
        };
        struct import_result res;
        import_csv(NULL, &t, (const char *)data + 1, size - 1, &o, 0, "fuzz", &res);
        CHECK(res.imported + res.skipped <= res.rows);
        CHECK(!res.commit); /* a dry run never commits */
        CHECK(json_is_array(res.errors));
        CHECK(json_array_size(res.errors) <= IMPORT_MAX_ERRORS);
        if (res.err == E_OK && !o.skip_bad)
                CHECK(json_array_size(res.errors) == 0);
        json_decref(res.errors);
        return 0;
}
