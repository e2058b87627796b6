/*
 * What each CSV import writes: the resource's own field table and insert
 * function, the export-only columns it accepts and skips, and the
 * cross-checks that keep ids honest between databases.
 *
 * Materials keep their ids (distributions name them by id); distributions
 * and agreements are numbered by the database they land in.  The files of
 * materials and agreements are not in CSV: their file_* columns are read
 * only, skipped on import, and an import never touches a stored file.
 */
#include "api/activities.h"
#include "api/import.h"
#include "api/organisations.h"
#include "domain/engagement.h"
#include "domain/material.h"

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

/* The name (title) of the record at id here, or NULL when there is none. */
typedef const char *(*name_at_fn)(struct db *db, struct arena *a, int64_t id);

static const char *organisation_name_at(struct db *db, struct arena *a, int64_t id)
{
        struct organisation o;
        struct principal system = {0};
        return organisation_get(db, &system, a, id, &o) == E_OK ? o.name : NULL;
}

static const char *material_title_at(struct db *db, struct arena *a, int64_t id)
{
        struct material m;
        struct principal system = {0};
        return material_get(db, &system, a, id, &m) == E_OK ? m.title : NULL;
}

/*
 * A file names each organisation (material) by id and, when it came from an
 * export, also by name.  Ids are those of the database the file was exported
 * from; when the name at that id here is another, the row would attach the
 * record to the wrong institution or material - refuse it and say so.
 */
static void check_ref(struct db *db, const struct csv_row *header, const struct csv_row *row,
                      const char *id_col, const char *name_col, name_at_fn name_at,
                      const char *what, const char *first, struct problems *p)
{
        const char *id_text = cell(header, row, id_col);
        const char *name = cell(header, row, name_col);
        int64_t id;
        if (!id_text || !name || parse_int64(id_text, 1, INT64_MAX, &id) < 0)
                return;
        const char *here = name_at(db, p->arena, id);
        if (here && strcmp(here, name) != 0)
                problem_add(p, id_col,
                            problem_printf(p, what,
                                           "is \"%.100s\" in this database but \"%.100s\" in the "
                                           "file; import the %s first or fix the id",
                                           here, name, first));
}

static void check_name(struct db *db, const struct csv_row *header, const struct csv_row *row,
                       const char *id_col, const char *name_col, struct problems *p)
{
        check_ref(db, header, row, id_col, name_col, organisation_name_at,
                  "names another organisation in this database", "organisations", p);
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

/* --- materials --- */

static const char *const material_ignored[] = {"file_sha256", "file_type",   "file_name",
                                               "file_size",   "distributed", "created_at",
                                               "updated_at",  NULL};

static enum ecat_err material_put(struct db *db, const struct principal *who, void *rec,
                                  int64_t want_id, struct problems *p, int64_t *id)
{
        return material_create_with_id(db, who, rec, want_id, p, id);
}

const struct import_target material_import = {
    .name = "materials",
    .object_type = "material",
    .res = &material_resource,
    .ignored = material_ignored,
    .keeps_id = true,
    .write = ACT_MATERIAL_WRITE,
    .create = material_put,
    .check = NULL,
};

/* --- distributions --- */

static const char *const distribution_ignored[] = {
    "id", "material_title", "run_by_name", "organisation_name", "created_at", "updated_at", NULL};

static enum ecat_err distribution_put(struct db *db, const struct principal *who, void *rec,
                                      int64_t want_id, struct problems *p, int64_t *id)
{
        (void)want_id;
        return distribution_create(db, who, rec, p, id);
}

static void distribution_check(struct db *db, const struct csv_row *header,
                               const struct csv_row *row, struct problems *p)
{
        check_ref(db, header, row, "material_id", "material_title", material_title_at,
                  "names another material in this database", "materials", p);
        check_name(db, header, row, "organisation_id", "organisation_name", p);
        check_name(db, header, row, "run_by", "run_by_name", p);
}

const struct import_target distribution_import = {
    .name = "distributions",
    .object_type = "distribution",
    .res = &distribution_resource,
    .ignored = distribution_ignored,
    .write = ACT_ACTIVITY_WRITE,
    .create = distribution_put,
    .check = distribution_check,
    .scope_field = "run_by",
};

/* --- agreements --- */

static const char *const agreement_ignored[] = {
    "id",        "organisation_name", "run_by_name", "file_sha256", "file_type",
    "file_name", "file_size",         "created_at",  "updated_at",  NULL};

static enum ecat_err agreement_put(struct db *db, const struct principal *who, void *rec,
                                   int64_t want_id, struct problems *p, int64_t *id)
{
        (void)want_id;
        return agreement_create(db, who, rec, p, id);
}

const struct import_target agreement_import = {
    .name = "agreements",
    .object_type = "agreement",
    .res = &agreement_resource,
    .ignored = agreement_ignored,
    .write = ACT_AGREEMENT_WRITE,
    .create = agreement_put,
    .check = activity_check,
    .scope_field = "run_by",
};
