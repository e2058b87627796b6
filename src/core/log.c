#include "core/log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static enum log_level current = LOG_INFO;
static const char *const names[] = {"error", "warn", "info", "debug"};

void log_set_level(enum log_level level)
{
        current = level;
}

int log_level_parse(const char *s, enum log_level *out)
{
        for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
                if (strcmp(s, names[i]) == 0) {
                        *out = (enum log_level)i;
                        return 0;
                }
        return -1;
}

/*
 * The "YYYY-MM-DDTHH:MM:SS" of t into out (20 bytes with its NUL), from a
 * per-thread copy while the second is the same: gmtime_r takes glibc's
 * time-zone lock, and a busy server logs many lines a second.
 */
static void second_text(time_t t, char out[20])
{
        static _Thread_local time_t cached = (time_t)-1;
        static _Thread_local char text[20];
        if (t != cached) {
                struct tm tm;
                gmtime_r(&t, &tm);
                snprintf(text, sizeof(text), "%04u-%02u-%02uT%02u:%02u:%02u",
                         (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)(tm.tm_mon + 1) % 100u,
                         (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u,
                         (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
                cached = t;
        }
        memcpy(out, text, sizeof(text));
}

void log_msg(enum log_level level, const char *fmt, ...)
{
        if (level > current)
                return;
        char line[2048];
        struct timespec ts;
        char second[20];
        clock_gettime(CLOCK_REALTIME, &ts);
        second_text(ts.tv_sec, second);
        int n = snprintf(line, sizeof(line), "%s.%03ldZ level=%s ", second, ts.tv_nsec / 1000000,
                         names[level]);
        if (n < 0)
                return;
        va_list ap;
        va_start(ap, fmt);
        (void)vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
        va_end(ap);
        size_t len = strnlen(line, sizeof(line) - 2);
        line[len++] = '\n';
        /*
         * One write(2) per line, so lines from several threads do not
         * interleave (stderr is unbuffered: stdio would add only its lock).
         * A short write, which a pipe or file does not give for a line this
         * size, is finished; an interrupted one is tried again.
         */
        for (size_t off = 0; off < len;) {
                ssize_t w = write(STDERR_FILENO, line + off, len - off);
                if (w < 0 && errno == EINTR)
                        continue;
                if (w <= 0)
                        break;
                off += (size_t)w;
        }
}
