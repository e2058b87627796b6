/* Every route handler, one file per resource. */
#ifndef ECAT_HANDLERS_H
#define ECAT_HANDLERS_H

#include "http/request.h"

/* health.c */
void health_get(struct request *r);

/* session.c */
void session_login(struct request *r);
void session_get(struct request *r);
void session_logout(struct request *r);
void session_password(struct request *r);
void session_token_create(struct request *r);
void session_token_list(struct request *r);
void session_token_revoke(struct request *r);
void case_statistics(struct request *r);
void case_statistics_csv(struct request *r);
void case_statistics_releases(struct request *r);
void case_anonymised_csv(struct request *r);
void session_totp_begin(struct request *r);
void session_totp_confirm(struct request *r);
void users_totp_reset(struct request *r);

/* users.c */
void users_list(struct request *r);
void users_create(struct request *r);
void users_get(struct request *r);
void users_update(struct request *r);
/* An administrator's view of another user's API tokens (session.c). */
void users_token_list(struct request *r);
void users_token_revoke(struct request *r);

/* audit_log.c */
void audit_list(struct request *r);

/* cases.c */
void cases_list(struct request *r);
void cases_create(struct request *r);
void cases_get(struct request *r);
void cases_update(struct request *r);
void cases_access_log(struct request *r);
void cases_export(struct request *r);
void notifications_list(struct request *r);

/* casework.c */
void consents_list(struct request *r);
void consents_create(struct request *r);
void consents_withdraw(struct request *r);
void case_referrals_list(struct request *r);
void case_referrals_create(struct request *r);
void referrals_list(struct request *r);
void referrals_get(struct request *r);
void referrals_accept(struct request *r);
void referrals_decline(struct request *r);
void referrals_complete(struct request *r);
void referrals_revoke(struct request *r);
void services_list(struct request *r);
void services_create(struct request *r);
void notes_list(struct request *r);
void notes_create(struct request *r);

/* --- organisations and map (organisations.c, map.c) --- */
#define ORG_FILTER_QUERY "kind", "country", "municipality", "visited", "project", "q"
void organisations_list(struct request *r);
void organisations_csv(struct request *r);
void organisations_create(struct request *r);
void organisations_get(struct request *r);
void organisations_update(struct request *r);
void organisations_delete(struct request *r);
void municipalities_list(struct request *r);
void map_organisations(struct request *r);

/* --- projects, partners, expenses, indicators, dashboard (projects.c, ...), activities --- */

/* projects.c */
void projects_list(struct request *r);
void projects_create(struct request *r);
void projects_get(struct request *r);
void projects_update(struct request *r);

/* budget.c */
void partners_list(struct request *r);
void partners_create(struct request *r);
void partners_get(struct request *r);
void partners_update(struct request *r);
void expenses_list(struct request *r);
void expenses_create(struct request *r);
void expenses_get(struct request *r);

/* indicators.c */
void indicators_list(struct request *r);
void indicators_create(struct request *r);
void indicators_get(struct request *r);
void indicators_update(struct request *r);
void indicators_delete(struct request *r);

/* dashboard.c */
void dashboard_get(struct request *r);
/* The funder's period report (api/report.c). */
void report_xlsx_get(struct request *r);
void report_pdf_get(struct request *r);

/* activities.c; the filters of the list and of the CSV export */
#define ACTIVITY_FILTER_QUERY                                                                      \
        "project", "organisation", "run_by", "kind", "from", "to", "municipality"
void activities_list(struct request *r);
void activities_export_csv(struct request *r);
void activities_create(struct request *r);
void activities_get(struct request *r);
void activities_update(struct request *r);
void activities_delete(struct request *r);

/* materials.c: materials, their files, distributions */
#define MATERIAL_FILTER_QUERY "kind", "project", "audience", "q"
#define DISTRIBUTION_FILTER_QUERY                                                                  \
        "project", "material", "organisation", "run_by", "activity", "audience", "from", "to"
void materials_list(struct request *r);
void materials_export_csv(struct request *r);
void materials_create(struct request *r);
void materials_get(struct request *r);
void materials_update(struct request *r);
void materials_delete(struct request *r);
void material_file_put(struct request *r);
void material_file_get(struct request *r);
void material_file_delete(struct request *r);
void agreement_file_put(struct request *r);
void agreement_file_get(struct request *r);
void agreement_file_delete(struct request *r);
void distributions_list(struct request *r);
void distributions_export_csv(struct request *r);
void distributions_create(struct request *r);
void distributions_get(struct request *r);
void distributions_update(struct request *r);
void distributions_delete(struct request *r);
/* engagements.c: agreements, the engagement pipeline and its stage history */
#define AGREEMENT_FILTER_QUERY  "organisation", "project", "kind", "status"
#define ENGAGEMENT_FILTER_QUERY "project", "organisation", "stage", "overdue"
void agreements_list(struct request *r);
void agreements_export_csv(struct request *r);
void agreements_create(struct request *r);
void agreements_get(struct request *r);
void agreements_update(struct request *r);
void agreements_delete(struct request *r);
void engagements_list(struct request *r);
void engagements_create(struct request *r);
void engagements_get(struct request *r);
void engagements_update(struct request *r);
void engagements_delete(struct request *r);
void engagement_stages_list(struct request *r);
void organisation_cooperation(struct request *r);

/* --- imports (import_api.c) --- */
void organisations_import(struct request *r);
void activities_import(struct request *r);
void materials_import(struct request *r);
void distributions_import(struct request *r);
void agreements_import(struct request *r);

/* --- web (session_locale.c) --- */
void session_locale_set(struct request *r);
void web_config_get(struct request *r);

#endif
