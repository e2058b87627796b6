/*
 * Deny by default: every route names one action; the table in policy.c says
 * which roles hold which actions.  A role not holding the route's action is
 * refused before any handler runs.
 */
#ifndef ECAT_POLICY_H
#define ECAT_POLICY_H

#include <stdbool.h>

#define ECAT_ROLES(X)                                                                              \
        X(ROLE_ADMIN, "admin")                                                                     \
        X(ROLE_COORDINATOR, "coordinator")                                                         \
        X(ROLE_OUTREACH_WORKER, "outreach_worker")                                                 \
        X(ROLE_CASE_WORKER, "case_worker")                                                         \
        X(ROLE_CASE_MANAGER, "case_manager")                                                       \
        X(ROLE_VIEWER, "viewer")                                                                   \
        X(ROLE_AUDITOR, "auditor")

enum role {
#define X(name, text) name,
        ECAT_ROLES(X)
#undef X
            ROLE__MAX
};

/*
 * ACT_PUBLIC needs no login; ACT_SELF needs any login (one's own session).
 * Every other action must be held by the user's role.
 */
#define ECAT_ACTIONS(X)                                                                            \
        X(ACT_PUBLIC, "public")                                                                    \
        X(ACT_SELF, "self")                                                                        \
        X(ACT_USER_READ, "user.read")                                                              \
        X(ACT_USER_WRITE, "user.write")                                                            \
        X(ACT_AUDIT_READ, "audit.read")                                                            \
        X(ACT_ORG_READ, "organisation.read")                                                       \
        X(ACT_ORG_WRITE, "organisation.write")                                                     \
        X(ACT_ORG_DELETE, "organisation.delete")                                                   \
        X(ACT_PROJECT_READ, "project.read")                                                        \
        X(ACT_PROJECT_WRITE, "project.write")                                                      \
        X(ACT_BUDGET_READ, "budget.read")                                                          \
        X(ACT_BUDGET_WRITE, "budget.write")                                                        \
        X(ACT_ACTIVITY_READ, "activity.read")                                                      \
        X(ACT_ACTIVITY_WRITE, "activity.write")                                                    \
        X(ACT_MATERIAL_WRITE, "material.write")                                                    \
        X(ACT_ENGAGEMENT_READ, "engagement.read")                                                  \
        X(ACT_ENGAGEMENT_WRITE, "engagement.write")                                                \
        X(ACT_AGREEMENT_WRITE, "agreement.write")                                                  \
        X(ACT_IMPORT, "import")                                                                    \
        X(ACT_DASHBOARD_READ, "dashboard.read")                                                    \
        X(ACT_CASE_READ, "case.read")                                                              \
        X(ACT_CASE_WRITE, "case.write")                                                            \
        X(ACT_CASE_MANAGE, "case.manage")                                                          \
        X(ACT_CASE_STATISTICS, "case.statistics")                                                  \
        X(ACT_CASE_ANONYMISED, "case.anonymised")                                                  \
        X(ACT_REPORT_READ, "report.read")

enum action {
#define X(name, text) name,
        ECAT_ACTIONS(X)
#undef X
            ACT__MAX
};

const char *role_name(enum role r);
/* 0 and *out set when s names a role. */
int role_parse(const char *s, enum role *out);
const char *action_name(enum action a);
/* Whether role r may perform action a (ACT_PUBLIC and ACT_SELF: always). */
bool policy_allows(enum role r, enum action a);

#endif
