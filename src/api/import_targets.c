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

static enum ecat_err activity_put(struct db *db, const struct principal *who, void *rec,
                                  int64_t want_id, struct problems *p, int64_t *id)
{
        (void)want_id; /* activities are numbered by the database they land in */
        return activity_create(db, who, rec, p, id);
}

static enum ecat_err organisation_put(struct db *db, const struct principal *who, void *rec,
                                      int64_t want_id, struct problems *p, int64_t *id)
{
        return organisation_create(db, who, rec, want_id, p, id);
}

const struct import_target organisation_import = {
    .name = "organisations",
    .object_type = "organisation",
    .res = &organisation_resource,
    .ignored = organisation_ignored,
    .keeps_id = true,
    .write = ACT_ORG_WRITE,
    .create = organisation_put,
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
                       const char *id_col, const char *name_col, struct problems *p)
{
        const char *id_text = cell(header, row, id_col);
        const char *name = cell(header, row, name_col);
        int64_t id;
        if (!id_text || !name || parse_int64(id_text, 1, INT64_MAX, &id) < 0)
                return;
        struct organisation o;
        struct principal system = {0};
        if (organisation_get(db, &system, p->arena, id, &o) == E_OK && strcmp(o.name, name) != 0)
                problem_add(p, id_col,
                            problem_printf(p, "names another organisation in this database",
                                           "is \"%.100s\" in this database but \"%.100s\" in the "
                                           "file; import the organisations first or fix the id",
                                           o.name, name));
}

static void activity_check(struct db *db, const struct csv_row *header, const struct csv_row *row,
                           struct problems *p)
{
        check_name(db, header, row, "organisation_id", "organisation_name", p);
        check_name(db, header, row, "run_by", "run_by_name", p);
}

static const char *const activity_ignored[] = {"id",         "organisation_name", "run_by_name",
                                               "created_at", "updated_at",        NULL};

const struct import_target activity_import = {
    .name = "activities",
    .object_type = "activity",
    .res = &activity_resource,
    .ignored = activity_ignored,
    .write = ACT_ACTIVITY_WRITE,
    .create = activity_put,
    .check = activity_check,
    .scope_field = "run_by",
};
