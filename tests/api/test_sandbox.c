/*
 * The process sandbox of ecat serve: started as root it runs as the account
 * of `user`, with no new privileges and its seccomp filter (mode 2), and it
 * keeps serving logins, reads and writes that way.  Root without a usable
 * user is refused at start.  That a forbidden call kills the process is
 * shown on the same filter in tests/unit/test_sandbox.c (execve, fork, a new
 * socket: SIGSYS).
 */
#include "harness.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The value of a "Name:\t..." line of /proc/PID/status, tabs as spaces. */
static const char *proc_status(pid_t pid, const char *name)
{
        char path[64];
        snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
        FILE *f = fopen(path, "r");
        if (!f)
                FAIL("cannot read %s", path);
        char line[512];
        size_t n = strlen(name);
        const char *found = NULL;
        while (fgets(line, sizeof(line), f)) {
                if (strncmp(line, name, n) == 0 && line[n] == ':') {
                        char *v = line + n + 1;
                        v += strspn(v, " \t");
                        v[strcspn(v, "\n")] = '\0';
                        for (size_t e = strlen(v); e > 0 && (v[e - 1] == ' ' || v[e - 1] == '\t');
                             e--)
                                v[e - 1] = '\0';
                        for (char *p = v; *p; p++)
                                if (*p == '\t')
                                        *p = ' ';
                        found = test_msg("%s", v);
                        break;
                }
        }
        fclose(f);
        if (!found)
                FAIL("no %s line in %s", name, path);
        return found;
}

/* A login, a read and an audited write answer as they should. */
static void still_serves(struct server *s)
{
        struct client *admin = client_login(s, "admin");
        CHECK_STATUS(http_get(admin, "/api/v1/organisations"), 200);
        struct resp *r = http_json(admin, "POST", "/api/v1/organisations",
                                   "{\"name\":\"Sandboxed\",\"kind\":\"ngo\",\"country\":\"LT\","
                                   "\"municipality\":\"Palanga\",\"email\":\"\",\"phone\":\"\"}");
        CHECK_STATUS(r, 201);
        long long project = (long long)db_int(server_db(s), "SELECT min(id) FROM projects");
        CHECK_STATUS(http_get(admin, test_msg("/api/v1/projects/%lld/dashboard", project)), 200);
}

API_TEST(filter_and_no_new_privs_after_start)
{
        struct server *s = server_start(NULL);
        CHECK_STR(proc_status(server_pid(s), "Seccomp"), "2");
        CHECK_STR(proc_status(server_pid(s), "NoNewPrivs"), "1");
        still_serves(s);
        /* Argon2id's checks, the pool's threads and the requests did not trip the filter. */
        for (int i = 0; i < 4; i++)
                CHECK_STATUS(try_login(client_new(s), "admin", demo_password("admin")), 200);
        CHECK_STR(proc_status(server_pid(s), "Seccomp"), "2");
        server_stop(s); /* SIGTERM under the filter: exit 0 */
}

API_TEST(root_drops_to_the_service_user)
{
        if (geteuid() != 0) {
                test_note("not root: nothing to drop");
                return;
        }
        const struct passwd *pw = getpwnam("nobody");
        CHECK(pw != NULL);
        /* The harness, run as root, starts every server with --user nobody. */
        struct server *s = server_start(NULL);
        const char *uid = test_msg("%u %u %u %u", (unsigned)pw->pw_uid, (unsigned)pw->pw_uid,
                                   (unsigned)pw->pw_uid, (unsigned)pw->pw_uid);
        const char *gid = test_msg("%u %u %u %u", (unsigned)pw->pw_gid, (unsigned)pw->pw_gid,
                                   (unsigned)pw->pw_gid, (unsigned)pw->pw_gid);
        CHECK_STR(proc_status(server_pid(s), "Uid"), uid);
        CHECK_STR(proc_status(server_pid(s), "Gid"), gid);
        CHECK_STR(proc_status(server_pid(s), "Groups"), test_msg("%u", (unsigned)pw->pw_gid));
        CHECK_STR(proc_status(server_pid(s), "CapEff"), "0000000000000000");
        still_serves(s);
        server_stop(s);
        /* A restart (root again, then the drop) finds its files and serves. */
        server_restart(s);
        CHECK_STR(proc_status(server_pid(s), "Uid"), uid);
        still_serves(s);
}

API_TEST(root_without_usable_user_refused)
{
        if (geteuid() != 0) {
                test_note("not root: the setting user is not used");
                return;
        }
        struct server *s = server_start(NULL);
        server_stop(s);
        const char *users[] = {"no-such-account-for-ecat", "root", ""};
        for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
                char *out = NULL;
                int rc = run_ecat(
                    s,
                    (const char *[]){"serve", "--listen", "127.0.0.1:0", "--user", users[i], NULL},
                    NULL, &out);
                test_note("user '%s': %s", users[i], out);
                CHECK(rc != 0 && rc != -1, "user '%s' exit %d", users[i], rc);
                CHECK(strstr(out, "setting user") != NULL, "user '%s'", users[i]);
        }
}

API_TEST(seccomp_off_leaves_no_filter)
{
        struct server *s = server_start((const char *[]){"--seccomp", "off", NULL});
        CHECK_STR(proc_status(server_pid(s), "Seccomp"), "0");
        still_serves(s);
        server_stop(s);
        char *out = NULL;
        int rc = run_ecat(s, (const char *[]){"serve", "--seccomp", "maybe", NULL}, NULL, &out);
        CHECK(rc > 0, "exit %d", rc);
        CHECK(strstr(out, "setting seccomp: 'maybe' is not on or off") != NULL, "%s", out);
}
