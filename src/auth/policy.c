#include "auth/policy.h"

#include <stdint.h>
#include <string.h>

static const char *const role_names[ROLE__MAX] = {
#define X(name, text) [name] = (text),
    ECAT_ROLES(X)
#undef X
};

static const char *const action_names[ACT__MAX] = {
#define X(name, text) [name] = (text),
    ECAT_ACTIONS(X)
#undef X
};

#define A(a) (UINT64_C(1) << (a))

/* What each role holds, besides ACT_PUBLIC and ACT_SELF which everyone holds. */
static const uint64_t grants[ROLE__MAX] = {
    [ROLE_ADMIN] = A(ACT_USER_READ) | A(ACT_USER_WRITE) | A(ACT_ORG_READ) | A(ACT_ORG_WRITE) |
                   A(ACT_ORG_DELETE) | A(ACT_PROJECT_READ) | A(ACT_PROJECT_WRITE) |
                   A(ACT_BUDGET_READ) | A(ACT_BUDGET_WRITE) | A(ACT_ACTIVITY_READ) | A(ACT_IMPORT) |
                   A(ACT_DASHBOARD_READ) | A(ACT_REPORT_READ) | A(ACT_ENGAGEMENT_READ),
    [ROLE_COORDINATOR] = A(ACT_ORG_READ) | A(ACT_ORG_WRITE) | A(ACT_ORG_DELETE) |
                         A(ACT_PROJECT_READ) | A(ACT_PROJECT_WRITE) | A(ACT_BUDGET_READ) |
                         A(ACT_BUDGET_WRITE) | A(ACT_ACTIVITY_READ) | A(ACT_ACTIVITY_WRITE) |
                         A(ACT_IMPORT) | A(ACT_DASHBOARD_READ) | A(ACT_CASE_STATISTICS) |
                         A(ACT_CASE_ANONYMISED) | A(ACT_MATERIAL_WRITE) | A(ACT_REPORT_READ) |
                         A(ACT_ENGAGEMENT_READ) | A(ACT_ENGAGEMENT_WRITE) | A(ACT_AGREEMENT_WRITE),
    [ROLE_OUTREACH_WORKER] = A(ACT_ORG_READ) | A(ACT_ORG_WRITE) | A(ACT_PROJECT_READ) |
                             A(ACT_ACTIVITY_READ) | A(ACT_ACTIVITY_WRITE) | A(ACT_IMPORT) |
                             A(ACT_DASHBOARD_READ) | A(ACT_REPORT_READ) | A(ACT_ENGAGEMENT_READ) |
                             A(ACT_ENGAGEMENT_WRITE),
    /* The case actions are held by the case roles only; the doors scope them by agency. */
    [ROLE_CASE_WORKER] =
        A(ACT_ORG_READ) | A(ACT_CASE_READ) | A(ACT_CASE_WRITE) | A(ACT_CASE_STATISTICS),
    [ROLE_CASE_MANAGER] = A(ACT_ORG_READ) | A(ACT_CASE_READ) | A(ACT_CASE_WRITE) |
                          A(ACT_CASE_MANAGE) | A(ACT_CASE_STATISTICS) | A(ACT_CASE_ANONYMISED),
    [ROLE_VIEWER] = A(ACT_ORG_READ) | A(ACT_PROJECT_READ) | A(ACT_BUDGET_READ) |
                    A(ACT_ACTIVITY_READ) | A(ACT_DASHBOARD_READ) | A(ACT_CASE_STATISTICS) |
                    A(ACT_REPORT_READ) | A(ACT_ENGAGEMENT_READ),
    [ROLE_AUDITOR] = A(ACT_AUDIT_READ),
};

_Static_assert(ACT__MAX <= 64, "actions must fit a 64-bit mask");

const char *role_name(enum role r)
{
        return (unsigned)r < ROLE__MAX ? role_names[r] : "?";
}

int role_parse(const char *s, enum role *out)
{
        for (int i = 0; i < ROLE__MAX; i++)
                if (strcmp(s, role_names[i]) == 0) {
                        *out = (enum role)i;
                        return 0;
                }
        return -1;
}

const char *action_name(enum action a)
{
        return (unsigned)a < ACT__MAX ? action_names[a] : "?";
}

bool policy_allows(enum role r, enum action a)
{
        if ((unsigned)a >= ACT__MAX || (unsigned)r >= ROLE__MAX)
                return false;
        if (a == ACT_PUBLIC || a == ACT_SELF)
                return true;
        return (grants[r] & A(a)) != 0;
}
