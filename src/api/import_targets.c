/*
 * What each CSV import writes: the resource's own field table and insert
 * function, the export-only columns it accepts and skips, and the
 * cross-checks that keep ids honest between databases.
 */
#include "api/activities.h"
#include "api/import.h"
#include "api/organisations.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"

static const char *const organisation_ignored[] = {"created_at", "updated_at", NULL};

static enum ecat_err activity_put(struct db *db, struct arena *a, const char *json, size_t len,
                                  int64_t want_id, int64_t actor_id, const char *request_id,
                                  json_t **errors, int64_t *id)
{
        (void)want_id; /* activities are numbered by the database they land in */
        return activity_insert_json(db, a, json, len, actor_id, request_id, errors, id);
}

const struct import_target organisation_import = {
    .name = "organisations",
    .object_type = "organisation",
    .fields = organisation_fields,
    .n_fields = &organisation_fields_count,
    .ignored = organisation_ignored,
    .keeps_id = true,
    .write = ACT_ORG_WRITE,
    .insert = organisation_insert_json_id,
    .check = NULL,
};

/* The cell of column name in row, or NULL. */
static const char *cell(const struct csv_row *header, const struct csv_row *row, const char *name)
{
        for (size_t i = 0; i < header->n && i < row->n; i++)
                if (strcasecmp(header->cells[i], name) == 0)
                        return row->lens[i] ? row->cells[i] : NULL;
        return NULL;
}

/*
 * An activities file names each organisation by id and, when it came from an
 * export, also by name.  Ids are those of the database the file was exported
 * from; when the name at that id here is another, the row would attach the
 * visit to the wrong institution - refuse it and say so.
 */
static void check_name(struct db *db, const struct csv_row *header, const struct csv_row *row,
                       const char *id_col, const char *name_col, json_t **errors)
{
        const char *id_text = cell(header, row, id_col);
        const char *name = cell(header, row, name_col);
        int64_t id;
        if (!id_text || !name || parse_int64(id_text, 1, INT64_MAX, &id) < 0)
                return;
        struct stmt *st = db_prepare(db, STMT_ORG_BY_ID);
        if (!st)
                return;
        st_bind_int(st, 1, id);
        char msg[300] = "";
        if (st_step(st) == STORE_ROW && strcmp(st_text(st, 1), name) != 0)
                snprintf(msg, sizeof(msg),
                         "is \"%.100s\" in this database but \"%.100s\" in the file; import the "
                         "organisations first or fix the id",
                         st_text(st, 1), name);
        st_reset(st);
        if (msg[0]) {
                if (!*errors)
                        *errors = json_object();
                json_object_set_new(*errors, id_col, json_string(msg));
        }
}

static json_t *activity_check(struct db *db, const struct csv_row *header,
                              const struct csv_row *row)
{
        json_t *errors = NULL;
        check_name(db, header, row, "organisation_id", "organisation_name", &errors);
        check_name(db, header, row, "run_by", "run_by_name", &errors);
        return errors;
}

static const char *const activity_ignored[] = {"id",         "organisation_name", "run_by_name",
                                               "created_at", "updated_at",        NULL};

const struct import_target activity_import = {
    .name = "activities",
    .object_type = "activity",
    .fields = activity_fields,
    .n_fields = &activity_fields_count,
    .ignored = activity_ignored,
    .write = ACT_ACTIVITY_WRITE,
    .insert = activity_put,
    .check = activity_check,
};
