/* ecat report --project CODE [--from D] [--to D] [--lang L] --format pdf|xlsx -o FILE */
#include "cli/cli.h"

#include "api/report.h"
#include "core/util.h"

#include <errno.h>
#include <string.h>

int cmd_report(int argc, char **argv)
{
        static const char usage[] =
            "usage: ecat report --project CODE [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
            "                   [--lang lt|en|it] --format pdf|xlsx -o FILE\n"
            "\n"
            "Write the funder's period report of project CODE: indicators against targets,\n"
            "people reached, the monthly series, institutions by kind and municipality,\n"
            "materials distributed, business engagement, the budget per partner and the map\n"
            "of the institutions visited.  The case table is not included: case statistics\n"
            "leave ecat through the API only, recorded with the user they were given to.\n"
            "The period is the project's dates unless --from or --to narrow it; the\n"
            "language is en unless --lang says otherwise.\n";
        struct cli c = {.command = "report"};
        const char *code = NULL, *from_s = NULL, *to_s = NULL, *lang_s = NULL, *format = NULL,
                   *file = NULL;
        const struct cli_opt opts[] = {{"project", true, &code},  {"from", true, &from_s},
                                       {"to", true, &to_s},       {"lang", true, &lang_s},
                                       {"format", true, &format}, {"output", true, &file},
                                       {NULL, false, NULL}};
        int nargs;
        bool done;
        /* -o FILE is --output FILE */
        for (int i = 0; i < argc; i++)
                if (strcmp(argv[i], "-o") == 0)
                        argv[i] = (char *)"--output";
        int rc = cli_parse(&c, argc, argv, opts, usage, NULL, 0, &nargs, &done);
        if (rc || done)
                return rc;
        int32_t from = 0, to = 0;
        int lang = lang_s ? report_lang_parse(lang_s) : LANG_EN;
        bool pdf = format && strcmp(format, "pdf") == 0;
        if (!code || !file || !format) {
                cli_error(&c, "--project, --format and -o are required (see --help)");
                return EXIT_USAGE;
        }
        if (!pdf && strcmp(format, "xlsx") != 0) {
                cli_error(&c, "--format must be pdf or xlsx");
                return EXIT_USAGE;
        }
        if ((from_s && parse_date(from_s, &from) < 0) || (to_s && parse_date(to_s, &to) < 0)) {
                cli_error(&c, "--%s must be a date YYYY-MM-DD",
                          from_s && parse_date(from_s, &from) < 0 ? "from" : "to");
                return EXIT_USAGE;
        }
        if (from && to && from > to) {
                cli_error(&c, "--from must not be after --to");
                return EXIT_USAGE;
        }
        if (lang < 0) {
                cli_error(&c, "--lang must be lt, en or it");
                return EXIT_USAGE;
        }
        if (cli_open(&c, false))
                return 1;
        rc = 1;
        struct db *db = store_db(c.store);
        struct report rp;
        report_init(&rp, (enum report_lang)lang);
        int64_t id = 0;
        (void)fprintf(stderr, "reading project %s…\n", code);
        int found = -1;
        if (db && db_begin_read(db) == STORE_OK) {
                found = report_project_by_code(db, code, &id);
                /* at the console: the budget, never the case table (report_reader) */
                const struct report_reader who = {.budget = true, .api = false};
                if (found == 0)
                        found = report_fill(db, id, &from, &to, &who, &rp);
        }
        if (db)
                db_rollback(db);
        struct buf out;
        buf_init(&out, 256u << 20);
        if (found == 1) {
                cli_error(&c, "no project with code %s", code);
                goto done;
        }
        if (found == 2) {
                cli_error(&c, "the period ends before it starts (--from, --to and the project's "
                              "dates)");
                goto done;
        }
        if (found < 0) {
                cli_error(&c, "cannot read the database");
                goto done;
        }
        (void)fprintf(stderr, "rendering %zu sections…\n", rp.n_sections);
        if ((pdf ? report_pdf(&rp, &out) : report_xlsx(&rp, &out)) < 0) {
                cli_error(&c, "cannot render the report");
                goto done;
        }
        FILE *f = fopen(file, "wb");
        if (!f || fwrite(out.data, 1, out.len, f) != out.len) {
                cli_error(&c, "cannot write %s: %s", file, strerror(errno));
                if (f)
                        (void)fclose(f);
                goto done;
        }
        if (fclose(f) != 0) {
                cli_error(&c, "cannot write %s: %s", file, strerror(errno));
                goto done;
        }
        (void)fprintf(stderr, "wrote %s (%zu bytes)\n", file, out.len);
        rc = 0;
done:
        buf_free(&out);
        report_free(&rp);
        cli_close(&c);
        return rc;
}
