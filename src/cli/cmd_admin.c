/* ecat init, backup, audit verify, config. */
#include "cli/cli.h"

#include "api/app.h"
#include "api/files.h"
#include "audit/audit.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

int cmd_init(int argc, char **argv)
{
        static const char usage[] = "usage: ecat init [--db PATH] [--key-file PATH]\n"
                                    "\n"
                                    "Create a new, empty database and its key file (mode 0600).\n"
                                    "Refuses to touch an existing database.\n";
        struct cli c = {.command = "init"};
        const char *args[1];
        int nargs;
        bool done;
        int rc = cli_parse(&c, argc, argv, NULL, usage, args, 0, &nargs, &done);
        if (rc || done)
                return rc;
        if (access(c.cfg.db, F_OK) == 0) {
                cli_error(&c, "database %s already exists", c.cfg.db);
                return 1;
        }
        if (cli_open(&c, true))
                return 1;
        printf("created %s (schema %d) with key file %s\n", c.cfg.db, store_schema_version(c.store),
               c.cfg.key_file);
        printf("next: ecat org add --name NAME --kind KIND --country CC, then\n"
               "      ecat user add --login L --org NAME --role admin\n");
        cli_close(&c);
        return 0;
}

int cmd_demo(int argc, char **argv)
{
        static const char usage[] =
            "usage: ecat demo [--db PATH]\n"
            "\n"
            "Create a new database holding the demo data set (the ECAT project\n"
            "2013-2014) and print the demo logins.  Refuses an existing database.\n";
        struct cli c = {.command = "demo"};
        const char *args[1];
        int nargs;
        bool done;
        int rc = cli_parse(&c, argc, argv, NULL, usage, args, 0, &nargs, &done);
        if (rc || done)
                return rc;
        if (access(c.cfg.db, F_OK) == 0) {
                cli_error(&c, "database %s already exists", c.cfg.db);
                return 1;
        }
        if (cli_open(&c, true))
                return 1;
        rc = demo_populate(&c, stdout);
        cli_close(&c);
        if (rc) {
                unlink(c.cfg.db);
                return 1;
        }
        return 0;
}

/* Copy file from to to (a new file), flushed to disk; -1 with errno. */
static int copy_whole(const char *from, const char *to)
{
        int in = open(from, O_RDONLY | O_CLOEXEC);
        int out = in < 0 ? -1 : open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        char buf[1 << 16];
        ssize_t n = 0;
        while (out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
                if (write(out, buf, (size_t)n) != n) {
                        n = -1;
                        break;
                }
        int rc = in >= 0 && out >= 0 && n == 0 && fsync(out) == 0 ? 0 : -1;
        int saved = errno;
        if (in >= 0)
                (void)close(in);
        if (out >= 0 && close(out) != 0)
                rc = -1;
        if (rc < 0 && out >= 0)
                (void)unlink(to);
        errno = saved;
        return rc;
}

/*
 * The material files the backup at out refers to, into OUT-files/ under the
 * same names (a hard link when on the same file system: the files never
 * change).  Counts what was copied and what the store lacked; -1 on failure.
 */
static int backup_files(struct cli *c, const char *out, long *copied, long *missing)
{
        char from_dir[1024], to_dir[1100], err[512];
        *copied = *missing = 0;
        if (files_dir_of(&c->cfg, from_dir, sizeof(from_dir)) < 0)
                return -1;
        snprintf(to_dir, sizeof(to_dir), "%s-files", out);
        struct store *copy = NULL;
        if (store_open(out, false, &copy, err, sizeof(err)) < 0) {
                cli_error(c, "%s", err);
                return -1;
        }
        struct db *db = store_db(copy);
        struct stmt *st = db ? db_prepare(db, STMT_STORED_FILES) : NULL;
        int rc = st ? 0 : -1;
        enum store_rc step = STORE_DONE;
        bool made = false;
        while (rc == 0 && (step = st_step(st)) == STORE_ROW) {
                const char *hash = st_text(st, 0);
                char src[1200], sub[1200], dst[1300];
                if (!files_hash_valid(hash))
                        continue;
                snprintf(src, sizeof(src), "%s/%.2s/%s", from_dir, hash, hash);
                snprintf(sub, sizeof(sub), "%s/%.2s", to_dir, hash);
                snprintf(dst, sizeof(dst), "%s/%s", sub, hash);
                if (!made && mkdir(to_dir, 0700) < 0 && errno != EEXIST) {
                        cli_error(c, "cannot make %s: %s", to_dir, strerror(errno));
                        rc = -1;
                        break;
                }
                made = true;
                if (access(src, R_OK) < 0) {
                        cli_error(c, "material file %s is missing from %s", hash, from_dir);
                        (*missing)++;
                        continue;
                }
                if ((mkdir(sub, 0700) < 0 && errno != EEXIST) ||
                    (link(src, dst) < 0 && errno != EEXIST && copy_whole(src, dst) < 0)) {
                        cli_error(c, "cannot copy %s to %s: %s", src, dst, strerror(errno));
                        rc = -1;
                        break;
                }
                (*copied)++;
                if (*copied % 100 == 0)
                        fprintf(stderr, "ecat backup: %ld material files copied\n", *copied);
        }
        if (st)
                st_reset(st);
        if (rc == 0 && step != STORE_DONE)
                rc = -1;
        store_close(copy);
        return rc;
}

int cmd_backup(int argc, char **argv)
{
        static const char usage[] =
            "usage: ecat backup [--db PATH] OUT\n"
            "\n"
            "Write a consistent copy of the database to OUT while it stays in use,\n"
            "and the material files it refers to to OUT-files/.  OUT must not exist.\n"
            "The key file is not copied: keep it apart.\n";
        struct cli c = {.command = "backup"};
        const char *args[1];
        int nargs;
        bool done;
        int rc = cli_parse(&c, argc, argv, NULL, usage, args, 1, &nargs, &done);
        if (rc || done)
                return rc;
        if (nargs != 1) {
                cli_error(&c, "name the file to write (see --help)");
                return EXIT_USAGE;
        }
        char err[512];
        if (store_open(c.cfg.db, false, &c.store, err, sizeof(err)) < 0) {
                cli_error(&c, "%s", err);
                return 1;
        }
        double t0 = mono_ms();
        rc = store_backup(c.store, args[0], err, sizeof(err));
        if (rc == 0)
                rc = store_check_file(args[0], err, sizeof(err)) == 0 ? 0 : -1;
        if (rc < 0) {
                cli_close(&c);
                cli_error(&c, "%s", err);
                return 1;
        }
        long copied = 0, missing = 0;
        rc = backup_files(&c, args[0], &copied, &missing);
        cli_close(&c);
        if (rc < 0)
                return 1;
        printf("backup written to %s in %.0f ms; %ld material file%s copied to %s-files\n", args[0],
               mono_ms() - t0, copied, copied == 1 ? "" : "s", args[0]);
        if (missing) {
                cli_error(&c,
                          "%ld material file%s missing from the file store: the backup lacks "
                          "them",
                          missing, missing == 1 ? " is" : "s are");
                return 1;
        }
        return 0;
}

/* A kept head from text, or from the first line of the file it names; -1 after saying why. */
static int read_kept_head(struct cli *c, const char *arg, struct audit_head *kept)
{
        char line[AUDIT_HEAD_TEXT + 2] = "";
        const char *text = arg;
        if (strncmp(arg, "ecat-audit-head-", 16) != 0) {
                FILE *f = fopen(arg, "r");
                if (!f) {
                        cli_error(c, "cannot read the kept head %s: %s", arg, strerror(errno));
                        return -1;
                }
                if (!fgets(line, sizeof(line), f))
                        line[0] = '\0';
                (void)fclose(f);
                line[strcspn(line, "\r\n")] = '\0';
                text = line;
        }
        if (audit_head_parse(text, kept) < 0) {
                cli_error(c, "the kept head is not an ecat audit head (ecat-audit-head-v1 ID HASH "
                             "AT MAC)");
                return -1;
        }
        if (!audit_head_valid(kept)) {
                cli_error(c, "the kept head's MAC is wrong: it was not made with this key file");
                return -1;
        }
        return 0;
}

int cmd_audit(int argc, char **argv)
{
        static const char usage[] =
            "usage: ecat audit verify [--against HEAD] [--db PATH] [--key-file PATH]\n"
            "       ecat audit checkpoint [--db PATH] [--key-file PATH]\n"
            "\n"
            "verify checks the whole audit chain and its anchored end.  Exits 0 when\n"
            "intact; 1 naming the first entry that was edited, removed, reordered or\n"
            "inserted, or the first missing from the end.  With --against, also that\n"
            "the chain still holds the head a checkpoint printed (HEAD: that line, or a\n"
            "file holding it).\n"
            "\n"
            "checkpoint verifies the chain and prints its signed head, one line to keep\n"
            "away from the database (a printout, another machine).\n";
        struct cli c = {.command = "audit"};
        const char *against = NULL;
        const struct cli_opt opts[] = {{"against", true, &against}, {NULL, false, NULL}};
        const char *args[1];
        int nargs;
        bool done;
        int rc = cli_parse(&c, argc, argv, opts, usage, args, 1, &nargs, &done);
        if (rc || done)
                return rc;
        bool checkpoint = nargs == 1 && strcmp(args[0], "checkpoint") == 0;
        if (nargs != 1 || (!checkpoint && strcmp(args[0], "verify") != 0)) {
                cli_error(&c, "expected 'verify' or 'checkpoint' (see --help)");
                return EXIT_USAGE;
        }
        if (checkpoint && against) {
                cli_error(&c, "--against goes with 'verify'");
                return EXIT_USAGE;
        }
        c.command = checkpoint ? "audit checkpoint" : "audit verify";
        if (cli_open(&c, false))
                return 1;
        struct audit_head kept;
        if (against && read_kept_head(&c, against, &kept) < 0) {
                cli_close(&c);
                return 1;
        }
        struct db *db = store_db(c.store);
        struct audit_problem problem = {0};
        struct audit_verdict v = {0};
        struct audit_head head;
        int res = !db          ? -1
                  : checkpoint ? audit_checkpoint(db, &head, &problem)
                               : audit_verify_against(db, against ? &kept : NULL, &v, &problem);
        cli_close(&c);
        if (res < 0) {
                cli_error(&c, "cannot read the audit log");
                return 1;
        }
        if (res > 0) {
                printf("audit chain BROKEN at entry %lld: %s\n", (long long)problem.id,
                       problem.reason);
                return 1;
        }
        if (checkpoint) {
                char text[AUDIT_HEAD_TEXT];
                audit_head_format(&head, text);
                printf("%s\n", text);
                return 0;
        }
        printf("audit chain intact: %lld entries%s%s\n", (long long)v.entries,
               v.unanchored ? " (its head is not anchored yet: it will be at the next start)" : "",
               against ? ", and it holds the kept head" : "");
        return 0;
}

int cmd_config(int argc, char **argv)
{
        static const char usage[] =
            "usage: ecat config [--config FILE] [SETTINGS]\n"
            "\n"
            "Print the effective configuration (defaults < file < ECAT_* < flags).\n";
        struct cli c = {.command = "config"};
        const char *args[1];
        int nargs;
        bool done;
        int rc = cli_parse(&c, argc, argv, NULL, usage, args, 0, &nargs, &done);
        if (rc || done)
                return rc;
        config_print(&c.cfg);
        return 0;
}

int cmd_routes(int argc, char **argv)
{
        static const char usage[] =
            "usage: ecat routes\n"
            "\n"
            "Print the route table, one route a line, tab-separated: method, path,\n"
            "action, body kind, and the roles that hold the action.\n";
        struct cli c = {.command = "routes"};
        const char *args[1];
        int nargs;
        bool done;
        int rc = cli_parse(&c, argc, argv, NULL, usage, args, 0, &nargs, &done);
        if (rc || done)
                return rc;
        static const char *const bodies[] = {"none", "json", "csv", "file"};
        for (size_t i = 0; i < api_routes_count; i++) {
                const struct route *r = &api_routes[i];
                printf("%s\t%s\t%s\t%s\t", http_method_name(r->method), r->pattern,
                       action_name(r->action), bodies[r->body]);
                bool first = true;
                for (int k = 0; k < ROLE__MAX; k++)
                        if (policy_allows((enum role)k, r->action)) {
                                printf("%s%s", first ? "" : ",", role_name((enum role)k));
                                first = false;
                        }
                putchar('\n');
        }
        return 0;
}
