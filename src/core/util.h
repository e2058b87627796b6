/*
 * Small, strict parsers and formatters shared by every layer.  Each parser
 * takes the whole input and returns 0 only when all of it is valid.
 */
#ifndef ECAT_UTIL_H
#define ECAT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Decimal integer in [min, max], optional leading '-', no spaces, no '+'. */
int parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);
/* "true"/"false"/"1"/"0". */
int parse_bool(const char *s, bool *out);
/* A real calendar date "YYYY-MM-DD" (years 1900..2999); *days = days since 1970-01-01. */
int parse_date(const char *s, int32_t *days);
/* Days since the epoch as year, month (1..12) and day (1..31). */
void civil_from_days(int32_t days, int *y, unsigned *m, unsigned *d);
/* Format days since the epoch as "YYYY-MM-DD" into out[11]. */
void format_date(int32_t days, char out[11]);
/* Today (UTC) as days since the epoch. */
int32_t today_days(void);
/* Seconds since the epoch, wall clock. */
int64_t now_seconds(void);
/* RFC 3339 UTC timestamp of t into out[21] ("2026-12-01T10:00:00Z"). */
void format_timestamp(int64_t t, char out[21]);
/* Monotonic milliseconds, for durations. */
double mono_ms(void);

/* Well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF), no NUL byte. */
bool utf8_valid(const char *s, size_t len);
/* Number of code points of valid UTF-8. */
size_t utf8_length(const char *s, size_t len);

/* Lower-case hex of n bytes into out[2n+1]. */
void hex_encode(const unsigned char *in, size_t n, char *out);

#endif
