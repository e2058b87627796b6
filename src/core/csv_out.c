#include "core/csv_out.h"

#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

int csv_cell(struct buf *b, const char *s, int last)
{
        int rc = 0;
        if (s && *s) {
                bool formula = strchr("=+-@\t\r", s[0]) != NULL;
                bool quote = formula || strpbrk(s, ",;\"\r\n") != NULL;
                if (quote)
                        rc |= buf_putc(b, '"');
                if (formula)
                        rc |= buf_putc(b, '\'');
                for (const char *p = s; *p; p++) {
                        if (*p == '"')
                                rc |= buf_putc(b, '"');
                        rc |= buf_putc(b, *p);
                }
                if (quote)
                        rc |= buf_putc(b, '"');
        }
        if (!last)
                rc |= buf_putc(b, ',');
        return rc ? -1 : 0;
}

int csv_int(struct buf *b, int64_t v, int last)
{
        return buf_printf(b, "%" PRId64 "%s", v, last ? "" : ",");
}

int csv_end(struct buf *b)
{
        return buf_puts(b, "\r\n");
}
