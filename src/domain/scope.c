/* Partner scope of programme writes; see domain/scope.h. */
#include "domain/scope.h"

#include <stdbool.h>

/* Administrators, and the command line acting as one, write every partner's records. */
static bool unbounded(const struct principal *who)
{
        return who->role == ROLE_ADMIN;
}

enum ecat_err scope_partner(const struct principal *who, int64_t org_id)
{
        if (unbounded(who))
                return E_OK;
        return who->org_id > 0 && who->org_id == org_id ? E_OK : E_NOT_FOUND;
}

enum ecat_err scope_partner_entry(struct db *db, const struct principal *who, int64_t partner_id)
{
        if (unbounded(who))
                return E_OK;
        struct stmt *st = db_prepare(db, STMT_SCOPE_PARTNER_ORG);
        if (!st)
                return E_INTERNAL;
        st_bind_int(st, 1, partner_id);
        enum store_rc rc = st_step(st);
        int64_t org = rc == STORE_ROW ? st_int(st, 0) : 0;
        st_reset(st);
        if (rc == STORE_DONE)
                return E_OK; /* no such partner: the rules name partner_id */
        if (rc != STORE_ROW)
                return E_INTERNAL;
        return scope_partner(who, org);
}

enum ecat_err scope_lead(struct db *db, const struct principal *who, int64_t project_id)
{
        if (unbounded(who))
                return E_OK;
        struct stmt *st = db_prepare(db, STMT_SCOPE_LEAD);
        if (!st)
                return E_INTERNAL;
        st_bind_int(st, 1, project_id);
        st_bind_int(st, 2, who->org_id);
        enum store_rc rc = st_step(st);
        bool own = rc == STORE_ROW && st_int(st, 0) != 0;
        bool any = rc == STORE_ROW && st_int(st, 1) != 0;
        st_reset(st);
        if (rc != STORE_ROW)
                return E_INTERNAL;
        return own || (!any && who->org_id > 0) ? E_OK : E_NOT_FOUND;
}
