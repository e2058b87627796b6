/*
 * The running service: what every handler may reach.  Built once at start-up
 * (config read, keys loaded, store opened) and read-only afterwards.
 */
#ifndef ECAT_APP_H
#define ECAT_APP_H

#include "core/config.h"
#include "http/router.h"
#include "store/store.h"

struct static_files;

struct app {
        const struct config *cfg;
        struct store *store;
        unsigned char login_key[32]; /* keys the login throttling table */
        const struct route *routes;
        size_t n_routes;
        const struct static_files *files; /* the web interface; NULL: API only */
        const char *csp;                  /* Content-Security-Policy of every response */
        const char *file_dir;             /* the material file store (api/files.h); NULL: none */
};

/* The route table (routes.c). */
extern const struct route api_routes[];
extern const size_t api_routes_count;

/* Run one matched request through the gate and its handler (gate.c). */
void api_dispatch(struct request *r);
/*
 * The gate's checks of r that need no body (query, login, CSRF, role, media
 * type): true when they pass, else r is answered.  The server asks it for a
 * BODY_FILE route before it takes the body, and api_dispatch() skips them
 * for a request already admitted.
 */
bool api_admit(struct request *r);
/*
 * Refuse a request a handler finds its caller may not make (a second action
 * the route needs): 403, and the refusal audited like the gate's own.
 */
void api_refuse(struct request *r, enum action wanted);

#endif
