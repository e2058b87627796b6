/* ecat key rotate, ecat cases purge: keeping case data over time (domain/case_keep.h). */
#include "cli/cli.h"

#include "core/util.h"
#include "domain/case_keep.h"

#include <stdlib.h>
#include <string.h>

static const struct principal cli_actor = {0, ROLE_ADMIN, 0, "cli", 0};

int cmd_key(int argc, char **argv)
{
        static const char usage[] =
            "usage: ecat key rotate [--batch N] [--db PATH] [--key-file PATH]\n"
            "\n"
            "Re-encrypts every encrypted case field under a new field key version,\n"
            "N rows per transaction (default 500).  The service may keep running:\n"
            "its writes seal under the new version from the moment the rotation\n"
            "begins.  Killed or stopped at any point, the next 'ecat key rotate'\n"
            "resumes the unfinished rotation instead of beginning another.  Prints\n"
            "its progress each second and a closing line.\n";
        struct cli c = {.command = "key"};
        const char *batch_arg = NULL;
        const struct cli_opt opts[] = {{"batch", true, &batch_arg}, {NULL, false, NULL}};
        const char *args[1];
        int nargs;
        bool done;
        int rc = cli_parse(&c, argc, argv, opts, usage, args, 1, &nargs, &done);
        if (rc || done)
                return rc;
        if (nargs != 1 || strcmp(args[0], "rotate") != 0) {
                cli_error(&c, "expected 'rotate' (see --help)");
                return EXIT_USAGE;
        }
        c.command = "key rotate";
        int64_t batch = 500;
        if (batch_arg && parse_int64(batch_arg, 1, 100000, &batch) < 0) {
                cli_error(&c, "--batch must be a whole number from 1 to 100000");
                return EXIT_USAGE;
        }
        if (cli_open(&c, false))
                return 1;
        struct db *db = store_db(c.store);
        struct key_rotation rot;
        if (!db || key_rotate_begin(db, &cli_actor, &rot) != E_OK) {
                cli_error(&c, "cannot begin the rotation: %s", db ? db_errmsg(db) : "no database");
                cli_close(&c);
                return 1;
        }
        printf("%s the rotation to field key version %d: %lld rows to re-encrypt\n",
               rot.resumed ? "resuming" : "beginning", rot.version, (long long)rot.total);
        (void)fflush(stdout);
        double t0 = mono_ms(), shown = t0;
        int64_t sealed = 0;
        enum ecat_err e;
        do {
                e = key_rotate_step(db, &cli_actor, &rot, (int)batch, &sealed);
                double now = mono_ms();
                if (e == E_OK && sealed && now - shown >= 1000) {
                        shown = now;
                        printf("  %lld of %lld rows\n", (long long)rot.done, (long long)rot.total);
                        (void)fflush(stdout);
                }
        } while (e == E_OK && sealed > 0);
        double secs = (mono_ms() - t0) / 1000;
        if (e != E_OK) {
                if (rot.bad_table)
                        cli_error(&c,
                                  "%s row %lld cannot be opened under its key version (tampered "
                                  "or moved); the rotation stopped after %lld rows, nothing of the "
                                  "last batch was written",
                                  rot.bad_table, (long long)rot.bad_id, (long long)rot.done);
                else
                        cli_error(&c, "the rotation stopped after %lld rows: %s",
                                  (long long)rot.done, db_errmsg(db));
                cli_close(&c);
                return 1;
        }
        int64_t behind = key_rows_behind(db, rot.version);
        cli_close(&c);
        printf("rotation to field key version %d finished: %lld rows re-encrypted in %.1f s "
               "(%.0f rows/s), %lld left on older versions\n",
               rot.version, (long long)rot.done, secs, secs > 0 ? (double)rot.done / secs : 0.0,
               (long long)behind);
        return behind == 0 ? 0 : 1;
}

static void print_item(const struct purge_item *it, void *arg)
{
        const char *verb = arg;
        char day[11];
        format_date(it->closed_on, day);
        printf("%s case %lld %s (closed %s)\n", verb, (long long)it->id, it->reference, day);
}

int cmd_cases(int argc, char **argv)
{
        static const char usage[] =
            "usage: ecat cases purge [--dry-run] [--case-retention-days N] [--db PATH]\n"
            "\n"
            "Erases the cases closed more than case_retention_days ago (default 1826):\n"
            "their identifying fields, blind indexes, notes and referral texts are\n"
            "destroyed; the coarse fields used for statistics, the consents, services,\n"
            "referral states and the access log are kept.  Each erased case is\n"
            "audited.  --dry-run lists what would be erased and changes nothing.\n";
        struct cli c = {.command = "cases"};
        const char *dry = NULL;
        const struct cli_opt opts[] = {{"dry-run", false, &dry}, {NULL, false, NULL}};
        const char *args[1];
        int nargs;
        bool done;
        int rc = cli_parse(&c, argc, argv, opts, usage, args, 1, &nargs, &done);
        if (rc || done)
                return rc;
        if (nargs != 1 || strcmp(args[0], "purge") != 0) {
                cli_error(&c, "expected 'purge' (see --help)");
                return EXIT_USAGE;
        }
        c.command = "cases purge";
        if (cli_open(&c, false))
                return 1;
        struct db *db = store_db(c.store);
        int32_t before = today_days() - (int32_t)c.cfg.case_retention_days;
        char day[11];
        format_date(before, day);
        int64_t n = 0;
        enum ecat_err e = db ? case_purge(db, &cli_actor, before, dry != NULL, print_item,
                                          dry ? "would erase" : "erasing", &n)
                             : E_INTERNAL;
        if (e != E_OK) {
                cli_error(&c, "cannot purge: %s; nothing of the failed batch was erased",
                          db ? db_errmsg(db) : "no database");
                cli_close(&c);
                return 1;
        }
        cli_close(&c);
        printf("%lld closed case%s closed before %s %s\n", (long long)n, n == 1 ? "" : "s", day,
               dry ? "would be erased (dry run: nothing changed)" : "erased");
        return 0;
}
