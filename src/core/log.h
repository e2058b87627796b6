/*
 * Logging to stderr, one line per event, "level=... key=value" so journald and
 * grep both read it.  Messages must never carry personal data: ids only.
 */
#ifndef ECAT_LOG_H
#define ECAT_LOG_H

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

void log_set_level(enum log_level level);
int log_level_parse(const char *s, enum log_level *out);
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Batched lines, for the server: from log_batch_start() on, each thread's
 * info and debug lines collect in a buffer of its own, written out by a
 * logging thread at least every 50 ms (and by the thread itself when its
 * buffer is full); error and warning lines, with what the thread had
 * collected before them, are written at once.  log_batch_stop() writes out
 * everything left and goes back to one write(2) per line.  Between threads,
 * lines are in order within 50 ms; a kill -9 loses at most the last 50 ms of
 * info lines.  0, or -1 if the thread cannot be started (lines stay unbatched).
 */
int log_batch_start(void);
void log_batch_stop(void);

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
