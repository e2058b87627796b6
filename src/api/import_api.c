/*
 * POST /api/v1/{organisations,activities,materials,distributions,agreements}/import:
 * a CSV body,
 * ?dry_run=true to check only (the preview), ?skip_bad=true to keep the good
 * rows.  The whole import is one transaction.
 */
#include "api/app.h"
#include "api/handlers.h"
#include "api/crud.h"
#include "api/import.h"
#include "api/params.h"
#include "api/respond.h"

#include <string.h>
#include <strings.h>

static void import_run(struct request *r, const struct import_target *t)
{
        /* The route needs ACT_IMPORT; what it writes needs the resource's own right. */
        struct import_options o = {0};
        if (query_bool(r, "dry_run", &o.dry_run) < 0 || query_bool(r, "skip_bad", &o.skip_bad) < 0)
                return;
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        struct import_result res;
        struct principal who = principal_of(r);
        import_csv(db, t, r->body.data ? r->body.data : "", r->body.len, &o, &who, &res);
        if (!res.commit) {
                db_rollback(db);
        } else if (tx_commit(r, db) < 0) {
                json_decref(res.errors);
                return;
        }
        /*
         * A dry run is the preview: it answers 200 with every bad row listed
         * (nothing is written either way); "skipped" then counts the rows a
         * real import would refuse.
         */
        if (o.dry_run && res.err == E_VALIDATION) {
                res.err = E_OK;
                res.skipped = res.rows - res.imported;
        }
        switch (res.err) {
        case E_OK:
                reply_json(r, 200,
                           json_pack("{s:I, s:I, s:I, s:b, s:o}", "rows", (json_int_t)res.rows,
                                     "imported", (json_int_t)res.imported, "skipped",
                                     (json_int_t)res.skipped, "dry_run", o.dry_run, "errors",
                                     res.errors));
                return;
        case E_VALIDATION: {
                json_t *err = json_pack("{s:s, s:s, s:o}", "code", err_code(E_VALIDATION),
                                        "message", res.message, "rows", res.errors);
                r->err = E_VALIDATION;
                reply_json(r, 422, json_pack("{s:o}", "error", err));
                return;
        }
        case E_BAD_REQUEST:
                json_decref(res.errors);
                reply_error(r, E_BAD_REQUEST, res.message);
                return;
        default:
                json_decref(res.errors);
                reply_internal(r, res.message);
                return;
        }
}

void organisations_import(struct request *r)
{
        import_run(r, &organisation_import);
}

void activities_import(struct request *r)
{
        import_run(r, &activity_import);
}

void materials_import(struct request *r)
{
        import_run(r, &material_import);
}

void distributions_import(struct request *r)
{
        import_run(r, &distribution_import);
}

void agreements_import(struct request *r)
{
        import_run(r, &agreement_import);
}
