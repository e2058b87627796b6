/*
 * Configuration: built-in defaults < INI file < ECAT_* environment < flags.
 * One table (config.c) names every setting with its type and bounds; the INI
 * reader, the environment reader, the flag parser and the validator all walk
 * that table, so a setting exists in all four places or in none.
 */
#ifndef ECAT_CONFIG_H
#define ECAT_CONFIG_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

struct config {
        char db[512];       /* database path */
        char key_file[512]; /* master key file; default <db>.key */
        char listen[128];   /* host:port */
        char log_level[16];
        char tile_url[512];     /* map tiles for the web interface; empty: offline outline only */
        char web_dir[512];      /* the web interface's files; empty: API only */
        char file_dir[512];     /* materials' files; empty: the database's path + "-files" */
        char trusted_proxy[64]; /* address of a reverse proxy whose X-Forwarded-For is believed */
        char user[64];          /* `ecat serve` started as root runs as this account */
        int64_t threads;        /* worker threads; 0 = one per core */
        int64_t body_limit;     /* bytes, JSON bodies */
        int64_t import_limit;   /* bytes, CSV import bodies */
        int64_t material_file_limit; /* bytes, a material's file */
        int64_t connection_limit;
        int64_t per_ip_connection_limit; /* open connections from one address; 0 = no limit */
        int64_t connection_reserve; /* kept for addresses with none open (at most half the limit) */
        int64_t connection_timeout; /* seconds a connection may sit idle */
        int64_t header_timeout;     /* seconds for a request line and headers to arrive */
        int64_t connection_memory_limit; /* bytes per connection inside libmicrohttpd */
        int64_t session_idle_timeout;    /* seconds */
        int64_t session_absolute_timeout;
        int64_t case_idle_timeout;   /* seconds; the case roles' sessions, when shorter */
        int64_t write_wait_ms;       /* a write's wait for another's lock, then 503 */
        int64_t request_timeout;     /* seconds a request may take; 0: no limit */
        int64_t login_concurrency;   /* password checks at once; 0: one per core */
        int64_t login_queue;         /* password checks waiting; past it 503 */
        int64_t token_lifetime_days; /* an API token's longest life */
        int64_t rate_limit;          /* requests per second per address; 0 = off */
        int64_t rate_burst;          /* bucket size */
        int64_t login_max_failures;  /* per account within login_window */
        int64_t login_window;        /* seconds */
        int64_t login_ip_max_failures;
        int64_t
            recovery_period_days; /* least recovery period after a reasonable-grounds decision */
        int64_t referral_answer_days;  /* a pending referral unanswered longer is overdue */
        int64_t referral_outcome_days; /* an accepted referral without outcome longer is overdue */
        int64_t case_retention_days;   /* closed cases older are erased by `ecat cases purge` */
        int64_t statistics_k;          /* published case counts under k are suppressed */
        int64_t statistics_round;      /* published case counts rounded to this base; 0: off */
        int64_t export_k; /* the anonymised export keeps combinations of at least this many */
        bool consent_withdrawal_revokes; /* withdrawing consent revokes open referrals */
        bool cookie_secure;              /* set Secure on the session cookie (behind a TLS proxy) */
        bool seccomp;                    /* `ecat serve` installs its system-call filter */
        uint32_t
            require_totp; /* roles (bit 1 << enum role) whose users must enrol a second factor */
};

/* Fill c with the built-in defaults. */
void config_defaults(struct config *c);

/*
 * Read an INI file into c.  A missing file is fine when !must_exist.
 * On error writes a message naming the file, line or setting into err.
 */
int config_load_file(struct config *c, const char *path, bool must_exist, char *err, size_t errlen);
/* The same from an open stream; name stands for it in messages. */
int config_load_stream(struct config *c, FILE *f, const char *name, char *err, size_t errlen);
/* Apply ECAT_<NAME> environment variables. */
int config_load_env(struct config *c, char *err, size_t errlen);
/* Set one setting by name ("listen") from text; the name may use - or _. */
int config_set(struct config *c, const char *name, const char *value, char *err, size_t errlen);
/* Cross-field checks and derived defaults (key_file from db). */
int config_finish(struct config *c, char *err, size_t errlen);
/* True when name is a known setting. */
bool config_known(const char *name);
/* Print every setting with its current value (for `ecat config`). */
void config_print(const struct config *c);

#endif
