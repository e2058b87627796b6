/* ecat import organisations|activities|materials|distributions|agreements FILE [--dry-run]
 * [--skip-bad] */
#include "cli/cli.h"

#include "api/import.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct progress {
        double started;
        bool tty;
};

static void show_progress(int64_t rows, void *ctx)
{
        struct progress *p = ctx;
        double s = (mono_ms() - p->started) / 1000.0;
        fprintf(stderr, "%s%lld rows read (%.0f rows/s)%s", p->tty ? "\r" : "", (long long)rows,
                s > 0 ? (double)rows / s : 0.0, p->tty ? "" : "\n");
}

int cmd_import(int argc, char **argv)
{
        static const char usage[] =
            "usage: ecat import organisations|activities|materials|distributions|agreements FILE\n"
            "                   [--dry-run] [--skip-bad]\n"
            "\n"
            "Import a CSV file (UTF-8, with or without BOM; ',' or ';' separated; a header\n"
            "row naming the columns as the API names the fields).  All or nothing: one bad\n"
            "row and nothing is written, every bad row listed with its field.  The files\n"
            "of materials and agreements are not in CSV: import leaves files alone.\n"
            "  --dry-run   check every row, write nothing\n"
            "  --skip-bad  write the good rows, list the bad ones\n";
        struct cli c = {.command = "import"};
        const char *dry = NULL, *skip = NULL;
        const struct cli_opt opts[] = {
            {"dry-run", false, &dry}, {"skip-bad", false, &skip}, {NULL, false, NULL}};
        const char *args[2];
        int nargs;
        bool done;
        int rc = cli_parse(&c, argc, argv, opts, usage, args, 2, &nargs, &done);
        if (rc || done)
                return rc;
        static const struct import_target *const targets[] = {
            &organisation_import, &activity_import, &material_import, &distribution_import,
            &agreement_import};
        const struct import_target *t = NULL;
        for (size_t i = 0; nargs == 2 && i < sizeof(targets) / sizeof(targets[0]); i++)
                if (strcmp(args[0], targets[i]->name) == 0)
                        t = targets[i];
        if (!t) {
                cli_error(&c, "expected 'organisations|activities|materials|distributions|"
                              "agreements FILE' (see --help)");
                return EXIT_USAGE;
        }
        int fd = open(args[1], O_RDONLY | O_CLOEXEC);
        struct stat sb;
        if (fd < 0 || fstat(fd, &sb) < 0) {
                cli_error(&c, "cannot read %s: %s", args[1], strerror(errno));
                if (fd >= 0)
                        close(fd);
                return 1;
        }
        size_t len = (size_t)sb.st_size;
        const char *data = "";
        void *map = NULL;
        if (len) {
                map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
                if (map == MAP_FAILED) {
                        cli_error(&c, "cannot read %s: %s", args[1], strerror(errno));
                        close(fd);
                        return 1;
                }
                data = map;
        }
        close(fd);
        rc = 1;
        if (cli_open(&c, false))
                goto out;
        struct db *db = store_db(c.store);
        /* The whole file is one transaction: room for the pages it touches. */
        if (db)
                db_bulk_hint(db, 256);
        if (!db || db_begin_write(db) != STORE_OK) {
                cli_error(&c, "cannot write to the database");
                goto close;
        }
        struct progress p = {mono_ms(), isatty(STDERR_FILENO)};
        struct import_options o = {dry != NULL, skip != NULL, 50000, show_progress, &p};
        struct import_result res;
        struct principal system = {
            .user_id = 0, .role = ROLE_ADMIN, .org_id = 0, .request_id = "cli"};
        import_csv(db, t, data, len, &o, &system, &res);
        if (res.rows >= 50000 && p.tty)
                (void)fputc('\n', stderr);
        if (res.commit && db_commit(db) != STORE_OK) {
                db_rollback(db);
                cli_error(&c, "the commit failed: %s", db_errmsg(db));
                json_decref(res.errors);
                goto close;
        }
        if (!res.commit)
                db_rollback(db);
        size_t i;
        json_t *e;
        json_array_foreach(res.errors, i, e)
        {
                const char *key;
                json_t *msg;
                json_object_foreach(json_object_get(e, "fields"), key, msg)
                    fprintf(stderr, "row %lld: %s %s\n",
                            (long long)json_integer_value(json_object_get(e, "row")), key,
                            json_string_value(msg) ? json_string_value(msg) : "");
        }
        json_decref(res.errors);
        double secs = (mono_ms() - p.started) / 1000.0;
        if (res.err == E_OK) {
                printf("%s: %lld rows, %lld %s, %lld skipped (%.1f s, %.0f rows/s)\n", t->name,
                       (long long)res.rows, (long long)res.imported,
                       o.dry_run ? "valid (dry run, nothing written)" : "imported",
                       (long long)res.skipped, secs, secs > 0 ? (double)res.rows / secs : 0.0);
                rc = 0;
        } else {
                cli_error(&c, "%s; nothing was written", res.message);
        }
close:
        cli_close(&c);
out:
        if (map)
                munmap(map, len);
        return rc;
}
