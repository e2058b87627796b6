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

/* users.c */
void users_list(struct request *r);
void users_create(struct request *r);
void users_get(struct request *r);
void users_update(struct request *r);

/* audit_log.c */
void audit_list(struct request *r);

/* --- organisations and map (organisations.c, map.c) --- */

/* --- projects, partners, expenses, indicators, dashboard (projects.c, ...), activities --- */

/* --- imports (import.c) --- */

/* --- web (session_locale.c) --- */
void session_locale_set(struct request *r);
void web_config_get(struct request *r);

#endif
