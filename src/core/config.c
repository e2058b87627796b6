#include "core/config.h"

#include "auth/policy.h" /* the role names of role-list settings (header only) */

#include "core/log.h"
#include "core/util.h"

#include <arpa/inet.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

enum setting_type {
        SET_STRING,
        SET_INT,
        SET_BOOL,
        SET_SWITCH, /* on or off */
        SET_ROLES,  /* comma-separated role names, or none: a bit mask of enum role */
};

static const char *const role_words[] = {
#define X(name, text) text,
    ECAT_ROLES(X)
#undef X
};

struct setting {
        const char *name;
        enum setting_type type;
        size_t offset;
        size_t size; /* strings: buffer size */
        int64_t min, max;
        const char *def;
};

#define S_STR(n, def)                                                                              \
        {                                                                                          \
#n, SET_STRING, offsetof(struct config, n), sizeof(((struct config *)0)->n), 0, 0, \
                    def                                                                            \
        }
#define S_INT(n, lo, hi, def)                                                                      \
        {                                                                                          \
#n, SET_INT, offsetof(struct config, n), 0, lo, hi, def                            \
        }
#define S_SWITCH(n, def)                                                                           \
        {                                                                                          \
#n, SET_SWITCH, offsetof(struct config, n), 0, 0, 1, def                           \
        }
#define S_ROLES(n, def)                                                                            \
        {                                                                                          \
#n, SET_ROLES, offsetof(struct config, n), 0, 0, 0, def                            \
        }
#define S_BOOL(n, def)                                                                             \
        {                                                                                          \
#n, SET_BOOL, offsetof(struct config, n), 0, 0, 1, def                             \
        }

static const struct setting settings[] = {
    S_STR(db, "ecat.db"),
    S_STR(key_file, ""),
    S_STR(listen, "127.0.0.1:8080"),
    S_STR(log_level, "info"),
    S_STR(tile_url, ""),
    S_STR(web_dir, ""),
    S_STR(file_dir, ""),
    S_STR(trusted_proxy, ""),
    S_STR(user, "ecat"),
    S_INT(threads, 0, 256, "0"),
    S_INT(body_limit, 1024, 64 << 20, "1048576"),
    S_INT(import_limit, 1024, INT64_C(1) << 32, "268435456"),
    S_INT(material_file_limit, 1024, INT64_C(1) << 34, "52428800"),
    S_INT(connection_limit, 1, 100000, "1024"),
    S_INT(per_ip_connection_limit, 0, 100000, "64"),
    S_INT(connection_reserve, 0, 100000, "64"),
    S_INT(connection_timeout, 1, 3600, "30"),
    S_INT(header_timeout, 1, 3600, "10"),
    S_INT(request_timeout, 0, 86400, "120"),
    S_INT(write_wait_ms, 0, 600000, "10000"),
    S_INT(connection_memory_limit, 8192, 16 << 20, "65536"),
    S_INT(session_idle_timeout, 1, INT64_C(7) * 86400, "900"),
    S_INT(session_absolute_timeout, 1, INT64_C(30) * 86400, "43200"),
    S_INT(case_idle_timeout, 1, INT64_C(7) * 86400, "900"),
    S_INT(token_lifetime_days, 1, 3650, "365"),
    S_INT(rate_limit, 0, 1000000, "0"),
    S_INT(rate_burst, 1, 10000000, "200"),
    S_INT(login_max_failures, 1, 1000, "5"),
    S_INT(login_window, 1, 86400, "900"),
    S_INT(login_ip_max_failures, 1, 100000, "50"),
    S_INT(login_concurrency, 0, 256, "0"),
    S_INT(login_queue, 1, 100000, "64"),
    S_INT(recovery_period_days, 1, 3650, "30"),
    S_INT(referral_answer_days, 1, 365, "3"),
    S_INT(referral_outcome_days, 1, 3650, "30"),
    S_INT(case_retention_days, 1, INT64_C(100) * 366, "1826"),
    S_INT(statistics_k, 2, 100, "5"),
    S_INT(statistics_round, 0, 1000, "0"),
    S_INT(export_k, 2, 100, "11"),
    S_BOOL(consent_withdrawal_revokes, "true"),
    S_BOOL(cookie_secure, "false"),
    S_ROLES(require_totp, "admin,case_worker,case_manager"),
    S_SWITCH(seccomp, "on"),
};

static const struct setting *find(const char *name)
{
        char norm[64];
        size_t n = strlen(name);
        if (n >= sizeof(norm))
                return NULL;
        for (size_t i = 0; i <= n; i++) {
                char ch = name[i];
                if (ch == '-')
                        ch = '_';
                norm[i] = ch;
        }
        for (size_t i = 0; i < ARRAY_LEN(settings); i++)
                if (strcmp(settings[i].name, norm) == 0)
                        return &settings[i];
        return NULL;
}

bool config_known(const char *name)
{
        return find(name) != NULL;
}

/* "admin, case_worker" -> bits of enum role; "none" or nothing -> 0. */
static int parse_roles(const char *value, uint32_t *mask)
{
        *mask = 0;
        const char *p = value;
        while (*p == ' ' || *p == '\t')
                p++;
        if (*p == '\0' || strcmp(p, "none") == 0)
                return 0;
        for (;;) {
                while (*p == ' ' || *p == '\t')
                        p++;
                size_t n = strcspn(p, ", \t");
                size_t i = 0;
                while (i < ARRAY_LEN(role_words) &&
                       !(strlen(role_words[i]) == n && strncmp(p, role_words[i], n) == 0))
                        i++;
                if (n == 0 || i == ARRAY_LEN(role_words))
                        return -1;
                *mask |= UINT32_C(1) << i;
                p += n;
                while (*p == ' ' || *p == '\t')
                        p++;
                if (*p == '\0')
                        return 0;
                if (*p++ != ',')
                        return -1;
        }
}

static int apply(struct config *c, const struct setting *s, const char *value, char *err,
                 size_t errlen)
{
        char *base = (char *)c + s->offset;
        switch (s->type) {
        case SET_STRING:
                if (strlen(value) >= s->size) {
                        snprintf(err, errlen, "setting %s: value longer than %zu bytes", s->name,
                                 s->size - 1);
                        return -1;
                }
                memcpy(base, value, strlen(value) + 1);
                return 0;
        case SET_INT: {
                int64_t v;
                if (parse_int64(value, s->min, s->max, &v) < 0) {
                        snprintf(err, errlen,
                                 "setting %s: '%s' is not a whole number from %lld to %lld",
                                 s->name, value, (long long)s->min, (long long)s->max);
                        return -1;
                }
                memcpy(base, &v, sizeof(v));
                return 0;
        }
        case SET_BOOL: {
                bool v;
                if (parse_bool(value, &v) < 0) {
                        snprintf(err, errlen, "setting %s: '%s' is not true or false", s->name,
                                 value);
                        return -1;
                }
                memcpy(base, &v, sizeof(v));
                return 0;
        }
        case SET_ROLES: {
                uint32_t mask;
                if (parse_roles(value, &mask) < 0) {
                        snprintf(err, errlen,
                                 "setting %s: '%s' is not a comma-separated list of roles (admin, "
                                 "coordinator, outreach_worker, case_worker, case_manager, viewer, "
                                 "auditor) or none",
                                 s->name, value);
                        return -1;
                }
                memcpy(base, &mask, sizeof(mask));
                return 0;
        }
        case SET_SWITCH: {
                bool v = strcmp(value, "on") == 0;
                if (!v && strcmp(value, "off") != 0) {
                        snprintf(err, errlen, "setting %s: '%s' is not on or off", s->name, value);
                        return -1;
                }
                memcpy(base, &v, sizeof(v));
                return 0;
        }
        }
        return -1;
}

int config_set(struct config *c, const char *name, const char *value, char *err, size_t errlen)
{
        const struct setting *s = find(name);
        if (!s) {
                snprintf(err, errlen, "unknown setting '%s'", name);
                return -1;
        }
        return apply(c, s, value, err, errlen);
}

void config_defaults(struct config *c)
{
        char err[256];
        memset(c, 0, sizeof(*c));
        for (size_t i = 0; i < ARRAY_LEN(settings); i++)
                if (apply(c, &settings[i], settings[i].def, err, sizeof(err)) < 0)
                        abort(); /* a bad default is a programming error */
}

struct ini_ctx {
        struct config *c;
        char *err;
        size_t errlen;
        const char *path;
        int failed;
};

static int on_ini_line(void *user, const char *section, const char *name, const char *value)
{
        struct ini_ctx *ctx = user;
        if (ctx->failed)
                return 0;
        if (section[0] && strcmp(section, "ecat") != 0) {
                snprintf(ctx->err, ctx->errlen, "%s: unknown section [%s]", ctx->path, section);
                ctx->failed = 1;
                return 0;
        }
        char msg[256];
        if (config_set(ctx->c, name, value, msg, sizeof(msg)) < 0) {
                snprintf(ctx->err, ctx->errlen, "%s: %s", ctx->path, msg);
                ctx->failed = 1;
                return 0;
        }
        return 1;
}

int config_load_file(struct config *c, const char *path, bool must_exist, char *err, size_t errlen)
{
        FILE *f = fopen(path, "r");
        if (!f) {
                if (!must_exist && errno == ENOENT)
                        return 0;
                snprintf(err, errlen, "config file %s: %s", path, strerror(errno));
                return -1;
        }
        int rc = config_load_stream(c, f, path, err, errlen);
        (void)fclose(f);
        return rc;
}

int config_load_stream(struct config *c, FILE *f, const char *name, char *err, size_t errlen)
{
        struct ini_ctx ctx = {c, err, errlen, name, 0};
        int rc = ini_parse_file(f, on_ini_line, &ctx);
        if (ctx.failed)
                return -1;
        if (rc != 0) {
                snprintf(err, errlen, "config file %s: syntax error on line %d", name, rc);
                return -1;
        }
        return 0;
}

int config_load_env(struct config *c, char *err, size_t errlen)
{
        for (size_t i = 0; i < ARRAY_LEN(settings); i++) {
                char var[80] = "ECAT_";
                size_t n = strlen(settings[i].name);
                for (size_t k = 0; k < n && k + 6 < sizeof(var); k++) {
                        char ch = settings[i].name[k];
                        if (ch >= 'a' && ch <= 'z')
                                ch = (char)(ch - 'a' + 'A');
                        var[5 + k] = ch;
                        var[6 + k] = '\0';
                }
                const char *v = getenv(var);
                if (!v)
                        continue;
                char msg[256];
                if (apply(c, &settings[i], v, msg, sizeof(msg)) < 0) {
                        snprintf(err, errlen, "environment %s: %s", var, msg);
                        return -1;
                }
        }
        return 0;
}

int config_finish(struct config *c, char *err, size_t errlen)
{
        if (!c->db[0]) {
                snprintf(err, errlen, "setting db: a database path is required");
                return -1;
        }
        if (!c->key_file[0]) {
                int n = snprintf(c->key_file, sizeof(c->key_file), "%s.key", c->db);
                if (n < 0 || (size_t)n >= sizeof(c->key_file)) {
                        c->key_file[0] = '\0';
                        snprintf(err, errlen, "setting db: path too long to derive key_file");
                        return -1;
                }
        }
        enum log_level lvl;
        if (log_level_parse(c->log_level, &lvl) < 0) {
                snprintf(err, errlen, "setting log_level: '%s' is not error, warn, info or debug",
                         c->log_level);
                return -1;
        }
        const char *colon = strrchr(c->listen, ':');
        int64_t port;
        if (!colon || colon == c->listen || parse_int64(colon + 1, 0, 65535, &port) < 0) {
                snprintf(err, errlen,
                         "setting listen: '%s' is not host:port (port 0-65535, 0: any free port)",
                         c->listen);
                return -1;
        }
        if (c->trusted_proxy[0]) {
                unsigned char a[sizeof(struct in6_addr)];
                if (inet_pton(AF_INET, c->trusted_proxy, a) != 1 &&
                    inet_pton(AF_INET6, c->trusted_proxy, a) != 1) {
                        snprintf(err, errlen,
                                 "setting trusted_proxy: '%s' is not an IPv4 or IPv6 address",
                                 c->trusted_proxy);
                        return -1;
                }
        }
        if (c->session_idle_timeout > c->session_absolute_timeout) {
                snprintf(err, errlen,
                         "setting session_idle_timeout: longer than session_absolute_timeout");
                return -1;
        }
        return 0;
}

void config_print(const struct config *c)
{
        for (size_t i = 0; i < ARRAY_LEN(settings); i++) {
                const struct setting *s = &settings[i];
                const char *base = (const char *)c + s->offset;
                int64_t v;
                bool b;
                switch (s->type) {
                case SET_STRING:
                        printf("%s = %s\n", s->name, base);
                        break;
                case SET_INT:
                        memcpy(&v, base, sizeof(v));
                        printf("%s = %lld\n", s->name, (long long)v);
                        break;
                case SET_BOOL:
                        memcpy(&b, base, sizeof(b));
                        printf("%s = %s\n", s->name, b ? "true" : "false");
                        break;
                case SET_SWITCH:
                        memcpy(&b, base, sizeof(b));
                        printf("%s = %s\n", s->name, b ? "on" : "off");
                        break;
                case SET_ROLES: {
                        uint32_t mask;
                        memcpy(&mask, base, sizeof(mask));
                        printf("%s = ", s->name);
                        const char *sep = "";
                        for (size_t k = 0; k < ARRAY_LEN(role_words); k++)
                                if (mask & (UINT32_C(1) << k)) {
                                        printf("%s%s", sep, role_words[k]);
                                        sep = ",";
                                }
                        printf("%s\n", *sep ? "" : "none");
                        break;
                }
                }
        }
}
