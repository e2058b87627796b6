/* Settings: defaults, config_set errors, INI files, the environment, config_finish. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "auth/policy.h"
#include "core/config.h"

static void expect_contains(const char *s, const char *part)
{
        if (!strstr(s, part))
                fail_msg("\"%s\" does not mention \"%s\"", s, part);
}

static void test_defaults(void **state)
{
        (void)state;
        struct config c;
        memset(&c, 0x5a, sizeof(c));
        config_defaults(&c);
        assert_string_equal(c.db, "ecat.db");
        assert_string_equal(c.key_file, "");
        assert_string_equal(c.listen, "127.0.0.1:8080");
        assert_string_equal(c.log_level, "info");
        assert_string_equal(c.tile_url, "");
        assert_string_equal(c.web_dir, "");
        assert_int_equal(c.threads, 0);
        assert_int_equal(c.body_limit, 1048576);
        assert_int_equal(c.import_limit, 268435456);
        assert_int_equal(c.connection_limit, 1024);
        assert_int_equal(c.per_ip_connection_limit, 64); /* on by default */
        assert_int_equal(c.connection_reserve, 64);
        assert_int_equal(c.connection_timeout, 30);
        assert_int_equal(c.header_timeout, 10);
        assert_int_equal(c.session_idle_timeout, 900);
        assert_int_equal(c.session_absolute_timeout, 43200);
        assert_int_equal(c.login_max_failures, 5);
        assert_false(c.cookie_secure);
        assert_int_equal(c.require_totp,
                         (1u << ROLE_ADMIN) | (1u << ROLE_CASE_WORKER) | (1u << ROLE_CASE_MANAGER));
        char err[256] = "";
        assert_int_equal(config_finish(&c, err, sizeof(err)), 0);
        assert_string_equal(c.key_file, "ecat.db.key");
}

static void test_set(void **state)
{
        (void)state;
        struct config c;
        config_defaults(&c);
        char err[256];
        assert_int_equal(config_set(&c, "threads", "4", err, sizeof(err)), 0);
        assert_int_equal(c.threads, 4);
        assert_int_equal(config_set(&c, "body-limit", "2048", err, sizeof(err)), 0);
        assert_int_equal(c.body_limit, 2048);
        assert_int_equal(config_set(&c, "cookie_secure", "true", err, sizeof(err)), 0);
        assert_true(c.cookie_secure);
        assert_int_equal(config_set(&c, "cookie-secure", "0", err, sizeof(err)), 0);
        assert_false(c.cookie_secure);
        assert_int_equal(config_set(&c, "listen", "0.0.0.0:9000", err, sizeof(err)), 0);
        assert_string_equal(c.listen, "0.0.0.0:9000");
        assert_int_equal(config_set(&c, "tile_url", "", err, sizeof(err)), 0);
        assert_int_equal(config_set(&c, "require_totp", " viewer , auditor", err, sizeof(err)), 0);
        assert_int_equal(c.require_totp, (1u << ROLE_VIEWER) | (1u << ROLE_AUDITOR));
        assert_int_equal(config_set(&c, "require_totp", "none", err, sizeof(err)), 0);
        assert_int_equal(c.require_totp, 0);
        assert_int_equal(config_set(&c, "require_totp", "", err, sizeof(err)), 0);
        assert_int_equal(c.require_totp, 0);
        assert_true(config_known("rate_limit"));
        assert_true(config_known("rate-limit"));
        assert_false(config_known("rate"));
        assert_false(config_known(""));
}

static void test_set_errors(void **state)
{
        (void)state;
        struct config c;
        config_defaults(&c);
        char err[256];
        static const struct {
                const char *name, *value, *part;
        } bad[] = {
            {"threads", "abc", "setting threads: 'abc' is not a whole number from 0 to 256"},
            {"threads", "257", "setting threads"},
            {"threads", "-1", "setting threads"},
            {"threads", "", "setting threads"},
            {"threads", " 4", "setting threads"},
            {"threads", "4.0", "setting threads"},
            {"body_limit", "1023", "setting body_limit"},
            {"body-limit", "99999999999999999999", "setting body_limit"},
            {"connection_limit", "0", "setting connection_limit"},
            {"header_timeout", "0",
             "setting header_timeout: '0' is not a whole number from 1 to 3600"},
            {"header-timeout", "3601", "setting header_timeout"},
            {"connection_reserve", "-1", "setting connection_reserve"},
            {"per_ip_connection_limit", "100001", "setting per_ip_connection_limit"},
            {"cookie_secure", "yes", "setting cookie_secure: 'yes' is not true or false"},
            {"require_totp", "admin,wizard", "setting require_totp"},
            {"require_totp", "admin,,viewer", "setting require_totp"},
            {"require_totp", "true", "setting require_totp"},
            {"nope", "1", "unknown setting 'nope'"},
            {"THREADS", "1", "unknown setting 'THREADS'"},
        };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                struct config before = c;
                err[0] = '\0';
                if (config_set(&c, bad[i].name, bad[i].value, err, sizeof(err)) != -1)
                        fail_msg("%s = \"%s\" accepted", bad[i].name, bad[i].value);
                expect_contains(err, bad[i].part);
                assert_memory_equal(&before, &c, sizeof(c)); /* nothing changed */
        }
        /* A string longer than its buffer is refused, naming the setting. */
        char longv[600];
        memset(longv, 'a', sizeof(longv) - 1);
        longv[sizeof(longv) - 1] = '\0';
        assert_int_equal(config_set(&c, "listen", longv, err, sizeof(err)), -1);
        expect_contains(err, "setting listen: value longer than 127 bytes");
        assert_string_equal(c.listen, "127.0.0.1:8080");
        assert_int_equal(config_set(&c, "db", longv, err, sizeof(err)), -1);
        expect_contains(err, "setting db");
        /* A name longer than any setting. */
        assert_int_equal(config_set(&c, longv, "1", err, sizeof(err)), -1);
        expect_contains(err, "unknown setting");
}

struct tmpfile {
        char path[64];
};

static void write_file(struct tmpfile *t, const char *text)
{
        snprintf(t->path, sizeof(t->path), "/tmp/ecat-unit-config-XXXXXX");
        int fd = mkstemp(t->path);
        assert_true(fd >= 0);
        size_t n = strlen(text);
        assert_int_equal(write(fd, text, n), (ssize_t)n);
        close(fd);
}

static void test_ini(void **state)
{
        (void)state;
        struct config c;
        config_defaults(&c);
        char err[512] = "";
        struct tmpfile t;
        write_file(&t, "; ecat settings\n"
                       "db = /var/lib/ecat/ecat.db\n"
                       "[ecat]\n"
                       "threads = 8\n"
                       "listen = 0.0.0.0:8443\n"
                       "cookie-secure = true\n"
                       "# a comment\n"
                       "log_level = debug\n");
        assert_int_equal(config_load_file(&c, t.path, true, err, sizeof(err)), 0);
        unlink(t.path);
        assert_string_equal(c.db, "/var/lib/ecat/ecat.db");
        assert_int_equal(c.threads, 8);
        assert_string_equal(c.listen, "0.0.0.0:8443");
        assert_true(c.cookie_secure);
        assert_string_equal(c.log_level, "debug");
        assert_int_equal(config_finish(&c, err, sizeof(err)), 0);
        assert_string_equal(c.key_file, "/var/lib/ecat/ecat.db.key");
}

static void expect_file_error(const char *text, const char *part)
{
        struct config c;
        config_defaults(&c);
        char err[512] = "";
        struct tmpfile t;
        write_file(&t, text);
        int rc = config_load_file(&c, t.path, true, err, sizeof(err));
        unlink(t.path);
        if (rc != -1)
                fail_msg("file accepted: %s", text);
        expect_contains(err, t.path);
        expect_contains(err, part);
}

static void test_ini_errors(void **state)
{
        (void)state;
        expect_file_error("threads = 4\nbogus = 1\n", "unknown setting 'bogus'");
        expect_file_error("[ecat]\nthreads = many\n", "setting threads: 'many'");
        expect_file_error("rate_limit = -5\n", "setting rate_limit");
        expect_file_error("require_totp = maybe\n", "setting require_totp");
        expect_file_error("[server]\nthreads = 4\n", "unknown section [server]");
        expect_file_error("threads = 4\nthis line has no equals sign\n", "line 2");

        struct config c;
        config_defaults(&c);
        char err[512] = "";
        assert_int_equal(config_load_file(&c, "/nonexistent/ecat.ini", false, err, sizeof(err)), 0);
        assert_int_equal(config_load_file(&c, "/nonexistent/ecat.ini", true, err, sizeof(err)), -1);
        expect_contains(err, "/nonexistent/ecat.ini");
}

static void test_env(void **state)
{
        (void)state;
        struct config c;
        config_defaults(&c);
        char err[512] = "";
        setenv("ECAT_THREADS", "12", 1);
        setenv("ECAT_LISTEN", "[::1]:8081", 1);
        setenv("ECAT_COOKIE_SECURE", "1", 1);
        setenv("ECAT_SESSION_IDLE_TIMEOUT", "600", 1);
        assert_int_equal(config_load_env(&c, err, sizeof(err)), 0);
        assert_int_equal(c.threads, 12);
        assert_string_equal(c.listen, "[::1]:8081");
        assert_true(c.cookie_secure);
        assert_int_equal(c.session_idle_timeout, 600);
        assert_int_equal(config_finish(&c, err, sizeof(err)), 0);

        /* The environment wins over the file read before it. */
        struct tmpfile t;
        write_file(&t, "threads = 3\nrate_limit = 10\n");
        config_defaults(&c);
        assert_int_equal(config_load_file(&c, t.path, true, err, sizeof(err)), 0);
        unlink(t.path);
        assert_int_equal(config_load_env(&c, err, sizeof(err)), 0);
        assert_int_equal(c.threads, 12);
        assert_int_equal(c.rate_limit, 10);

        setenv("ECAT_RATE_LIMIT", "fast", 1);
        assert_int_equal(config_load_env(&c, err, sizeof(err)), -1);
        expect_contains(err, "ECAT_RATE_LIMIT");
        expect_contains(err, "setting rate_limit");
        unsetenv("ECAT_RATE_LIMIT");
        unsetenv("ECAT_THREADS");
        unsetenv("ECAT_LISTEN");
        unsetenv("ECAT_COOKIE_SECURE");
        unsetenv("ECAT_SESSION_IDLE_TIMEOUT");
        config_defaults(&c);
        assert_int_equal(config_load_env(&c, err, sizeof(err)), 0);
        assert_int_equal(c.threads, 0);
}

static void expect_finish_error(struct config *c, const char *part)
{
        char err[512] = "";
        if (config_finish(c, err, sizeof(err)) != -1)
                fail_msg("config_finish accepted (%s)", part);
        expect_contains(err, part);
}

static void test_finish(void **state)
{
        (void)state;
        struct config c;
        char err[512];
        config_defaults(&c);
        assert_int_equal(config_set(&c, "key_file", "/etc/ecat/master.key", err, sizeof(err)), 0);
        assert_int_equal(config_finish(&c, err, sizeof(err)), 0);
        assert_string_equal(c.key_file, "/etc/ecat/master.key");

        config_defaults(&c);
        c.db[0] = '\0';
        expect_finish_error(&c, "setting db");

        /* A db path too long to add ".key" to; one just short enough. */
        config_defaults(&c);
        memset(c.db, 'd', sizeof(c.db) - 1);
        c.db[sizeof(c.db) - 1] = '\0';
        expect_finish_error(&c, "setting db");
        assert_string_equal(c.key_file, "");
        config_defaults(&c);
        memset(c.db, 'd', sizeof(c.db) - 1);
        c.db[sizeof(c.key_file) - 4] = '\0';
        expect_finish_error(&c, "setting db");
        config_defaults(&c);
        memset(c.db, 'd', sizeof(c.db) - 1);
        c.db[sizeof(c.key_file) - 5] = '\0';
        assert_int_equal(config_finish(&c, err, sizeof(err)), 0);
        assert_int_equal(strlen(c.key_file), sizeof(c.key_file) - 1);
        assert_string_equal(c.key_file + sizeof(c.key_file) - 5, ".key");

        static const char *const bad_listen[] = {"8080",    ":8080",      "host:",     "host:65536",
                                                 "host:-1", "host:80x",   "host:0x50", "host: 80",
                                                 "",        "host:8080:", "[::1]"};
        for (size_t i = 0; i < sizeof(bad_listen) / sizeof(bad_listen[0]); i++) {
                config_defaults(&c);
                assert_int_equal(config_set(&c, "listen", bad_listen[i], err, sizeof(err)), 0);
                expect_finish_error(&c, "setting listen");
        }
        static const char *const good_listen[] = {"localhost:0", "127.0.0.1:65535", "[::1]:8080",
                                                  "0.0.0.0:80"};
        for (size_t i = 0; i < sizeof(good_listen) / sizeof(good_listen[0]); i++) {
                config_defaults(&c);
                assert_int_equal(config_set(&c, "listen", good_listen[i], err, sizeof(err)), 0);
                assert_int_equal(config_finish(&c, err, sizeof(err)), 0);
        }

        config_defaults(&c);
        assert_int_equal(config_set(&c, "log_level", "verbose", err, sizeof(err)), 0);
        expect_finish_error(&c, "setting log_level");

        config_defaults(&c);
        assert_int_equal(config_set(&c, "session_idle_timeout", "50000", err, sizeof(err)), 0);
        expect_finish_error(&c, "setting session_idle_timeout");

        /* trusted_proxy: a numeric address (the connection guard parses it), or empty. */
        static const char *const bad_proxy[] = {"proxy.example", "127.0.0.1:80", "10.0.0.0/8",
                                                "127.0.0.256", " 127.0.0.1"};
        for (size_t i = 0; i < sizeof(bad_proxy) / sizeof(bad_proxy[0]); i++) {
                config_defaults(&c);
                assert_int_equal(config_set(&c, "trusted_proxy", bad_proxy[i], err, sizeof(err)),
                                 0);
                expect_finish_error(&c, "setting trusted_proxy: '");
        }
        static const char *const good_proxy[] = {"", "127.0.0.1", "::1", "fd00::5"};
        for (size_t i = 0; i < sizeof(good_proxy) / sizeof(good_proxy[0]); i++) {
                config_defaults(&c);
                assert_int_equal(config_set(&c, "trusted_proxy", good_proxy[i], err, sizeof(err)),
                                 0);
                assert_int_equal(config_finish(&c, err, sizeof(err)), 0);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_defaults),   cmocka_unit_test(test_set),
            cmocka_unit_test(test_set_errors), cmocka_unit_test(test_ini),
            cmocka_unit_test(test_ini_errors), cmocka_unit_test(test_env),
            cmocka_unit_test(test_finish),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
