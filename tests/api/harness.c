/*
 * The API test harness (see harness.h): registration and the runner, per-test
 * ownership of everything handed out, `ecat serve` processes, CLI runs and
 * direct reads of the database file.  The HTTP client is in harness_http.c.
 */
#include "harness.h"
#include "harness_int.h"

#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <pwd.h>
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define MAX_TESTS    1024
#define LOG_TAIL     40
#define MAX_ARGS     64
#define TEST_TIMEOUT 240 /* seconds per test, times slow_factor() */

/* ---- small utilities ---- */

void *harness_xmalloc(size_t n)
{
        void *p = malloc(n ? n : 1);
        if (!p) {
                fputs("api_test: out of memory\n", stderr);
                abort();
        }
        return p;
}

char *harness_xstrdup(const char *s)
{
        size_t n = strlen(s);
        char *p = harness_xmalloc(n + 1);
        memcpy(p, s, n + 1);
        return p;
}

__attribute__((format(printf, 1, 0))) static char *vformat(const char *fmt, va_list ap)
{
        if (!fmt)
                return xstrdup("");
        va_list ap2;
        va_copy(ap2, ap);
        int n = vsnprintf(NULL, 0, fmt, ap2);
        va_end(ap2);
        if (n < 0)
                n = 0;
        char *p = xmalloc((size_t)n + 1);
        vsnprintf(p, (size_t)n + 1, fmt, ap);
        return p;
}

double now_ms(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void sleep_ms(double ms)
{
        if (ms <= 0)
                return;
        struct timespec ts = {(time_t)(ms / 1000.0), (long)(((long long)ms % 1000) * 1000000LL)};
        while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
                ;
}

double slow_factor(void)
{
        static double f = 0;
        if (f == 0) {
                const char *s = getenv("ECAT_SLOW");
                f = s && *s && strcmp(s, "0") != 0 ? 3.0 : 1.0;
        }
        return f;
}

static bool env_on(const char *name)
{
        const char *s = getenv(name);
        return s && *s && strcmp(s, "0") != 0;
}

/* ---- per-test ownership ---- */

struct owned {
        void (*fn)(void *);
        void *p;
        struct owned *next;
};

static pthread_mutex_t own_lock = PTHREAD_MUTEX_INITIALIZER;
static struct owned *owned_list;
static struct resp *resp_list;

void *harness_own(void (*fn)(void *), void *p)
{
        struct owned *o = xmalloc(sizeof(*o));
        o->fn = fn;
        o->p = p;
        pthread_mutex_lock(&own_lock);
        o->next = owned_list;
        owned_list = o;
        pthread_mutex_unlock(&own_lock);
        return p;
}

static void resp_destroy(struct resp *r)
{
        free(r->body);
        json_decref(r->json);
        for (size_t i = 0; i < r->n_headers; i++)
                free(r->headers[i]);
        free(r->headers);
        free(r);
}

void harness_track_resp(struct resp *r)
{
        pthread_mutex_lock(&own_lock);
        r->prev = NULL;
        r->next = resp_list;
        if (resp_list)
                resp_list->prev = r;
        resp_list = r;
        pthread_mutex_unlock(&own_lock);
}

void resp_free(struct resp *r)
{
        if (!r)
                return;
        pthread_mutex_lock(&own_lock);
        if (r->prev)
                r->prev->next = r->next;
        else if (resp_list == r)
                resp_list = r->next;
        if (r->next)
                r->next->prev = r->prev;
        pthread_mutex_unlock(&own_lock);
        resp_destroy(r);
}

static void release_owned(void)
{
        pthread_mutex_lock(&own_lock);
        struct owned *o = owned_list;
        owned_list = NULL;
        pthread_mutex_unlock(&own_lock);

        /* Deferred calls first: they may stop threads still using clients and responses. */
        while (o) {
                struct owned *next = o->next;
                o->fn(o->p);
                free(o);
                o = next;
        }
        pthread_mutex_lock(&own_lock);
        struct resp *r = resp_list;
        resp_list = NULL;
        pthread_mutex_unlock(&own_lock);
        while (r) {
                struct resp *next = r->next;
                resp_destroy(r);
                r = next;
        }
}

/* ---- registration and the state of the running test ---- */

static struct api_test *tests;
static size_t n_tests;

void api_test_register(struct api_test *t)
{
        t->next = tests;
        tests = t;
        n_tests++;
}

struct server {
        char dir[PATH_MAX];
        char db[PATH_MAX];
        char log[PATH_MAX];
        char port_file[PATH_MAX];
        char *args[MAX_ARGS]; /* extra arguments, owned */
        size_t n_args;
        pid_t pid; /* 0 when not running */
        int port;
        struct server *next;
};

static struct {
        const char *name; /* full name */
        jmp_buf jmp;
        bool in_test;
        bool failed;
        char *reason;
        char *notes;
        char scratch[PATH_MAX]; /* "" until first use */
        struct server *servers;
        int n_servers;
        int n_paths;
} cur;

static char root_dir[PATH_MAX];
static char ecat_bin[PATH_MAX];
static char demo_db[PATH_MAX];
static pthread_t main_thread;

const char *test_msg(const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        char *p = vformat(fmt, ap);
        va_end(ap);
        return own(free, p);
}

void test_defer(void (*fn)(void *), void *p)
{
        own(fn, p);
}

void *test_alloc(size_t n)
{
        void *p = xmalloc(n);
        memset(p, 0, n);
        return own(free, p);
}

const char *str_repeat(const char *unit, size_t n)
{
        size_t u = strlen(unit);
        char *p = xmalloc(u * n + 1);
        for (size_t i = 0; i < n; i++)
                memcpy(p + i * u, unit, u);
        p[u * n] = '\0';
        return own(free, p);
}

void test_note(const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        char *line = vformat(fmt, ap);
        va_end(ap);
        size_t old = cur.notes ? strlen(cur.notes) : 0;
        char *n = xmalloc(old + strlen(line) + 4);
        snprintf(n, old + strlen(line) + 4, "%s# %s\n", cur.notes ? cur.notes : "", line);
        free(cur.notes);
        free(line);
        cur.notes = n;
}

void test_fail_at(const char *file, int line, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        char *msg = vformat(fmt, ap);
        va_end(ap);
        const char *base = strrchr(file, '/');
        base = base ? base + 1 : file;
        size_t n = strlen(base) + strlen(msg) + 32;
        char *reason = xmalloc(n);
        snprintf(reason, n, "%s:%d: %s", base, line, msg);
        free(msg);
        if (!pthread_equal(pthread_self(), main_thread)) {
                /* A helper thread may not unwind the test; the report is all it can give. */
                fprintf(stderr, "# failure on a helper thread: %s\n", reason);
                abort();
        }
        if (!cur.failed) {
                cur.failed = true;
                cur.reason = reason;
        } else {
                free(reason);
        }
        if (cur.in_test)
                longjmp(cur.jmp, 1);
        fprintf(stderr, "api_test: %s\n", cur.reason);
        exit(1);
}

/* snprintf for paths: a path that does not fit fails the test rather than being cut. */
__attribute__((format(printf, 3, 4))) static void pathf(char *dst, size_t n, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(dst, n, fmt, ap);
        va_end(ap);
        if (k < 0 || (size_t)k >= n)
                FAIL("path too long: %s", dst);
}

/* ---- files and directories ---- */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
        (void)st;
        (void)flag;
        (void)ftw;
        remove(path);
        return 0;
}

static void remove_tree(const char *dir)
{
        if (dir[0])
                nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int copy_file(const char *from, const char *to)
{
        int in = open(from, O_RDONLY | O_CLOEXEC);
        if (in < 0)
                return -1;
        int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (out < 0) {
                close(in);
                return -1;
        }
        char buf[65536];
        ssize_t n;
        int rc = 0;
        while ((n = read(in, buf, sizeof(buf))) != 0) {
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        rc = -1;
                        break;
                }
                for (ssize_t off = 0; off < n;) {
                        ssize_t w = write(out, buf + off, (size_t)(n - off));
                        if (w < 0) {
                                if (errno == EINTR)
                                        continue;
                                rc = -1;
                                break;
                        }
                        off += w;
                }
                if (rc)
                        break;
        }
        close(in);
        if (close(out) != 0)
                rc = -1;
        return rc;
}

static char *read_file(const char *path, size_t *len_out)
{
        FILE *f = fopen(path, "rb");
        if (!f) {
                if (len_out)
                        *len_out = 0;
                return xstrdup("");
        }
        size_t cap = 4096, len = 0;
        char *p = xmalloc(cap);
        size_t n;
        while ((n = fread(p + len, 1, cap - len - 1, f)) > 0) {
                len += n;
                if (cap - len < 2) {
                        cap *= 2;
                        char *q = realloc(p, cap);
                        if (!q) {
                                free(p);
                                fclose(f);
                                return xstrdup("");
                        }
                        p = q;
                }
        }
        fclose(f);
        p[len] = '\0';
        if (len_out)
                *len_out = len;
        return p;
}

/* The test's scratch directory, made on first use. */
static const char *scratch_dir(void)
{
        if (!cur.scratch[0]) {
                pathf(cur.scratch, sizeof(cur.scratch), "%s/%s", root_dir, cur.name);
                if (mkdir(cur.scratch, 0700) < 0 && errno != EEXIST)
                        FAIL("cannot create %s: %s", cur.scratch, strerror(errno));
        }
        return cur.scratch;
}

const char *test_path(const char *name)
{
        return test_msg("%s/%s", scratch_dir(), name);
}

/* ---- child processes ---- */

/* Last lines of a file, for failure reports. */
static void print_tail(const char *path, int lines)
{
        size_t len;
        char *text = read_file(path, &len);
        size_t start = len;
        int seen = 0;
        while (start > 0) {
                if (text[start - 1] == '\n' && start != len && ++seen >= lines)
                        break;
                start--;
        }
        printf("# --- last lines of %s\n", path);
        char *p = text + start;
        while (*p) {
                char *nl = strchr(p, '\n');
                if (nl)
                        *nl = '\0';
                printf("#   %s\n", p);
                if (!nl)
                        break;
                p = nl + 1;
        }
        free(text);
}

/* Whether a log holds a sanitizer report. */
static const char *sanitizer_report(const char *log)
{
        char *text = read_file(log, NULL);
        const char *what = NULL;
        if (strstr(text, "ERROR: AddressSanitizer"))
                what = "AddressSanitizer";
        else if (strstr(text, "ERROR: LeakSanitizer"))
                what = "LeakSanitizer";
        else if (strstr(text, "runtime error:"))
                what = "UndefinedBehaviorSanitizer";
        free(text);
        return what;
}

/*
 * fork + exec ecat with argv; stdin from in_fd (or /dev/null), stdout and
 * stderr appended to out_path.  Everything is prepared before fork: the
 * child only calls async-signal-safe functions.
 */
static pid_t spawn(char *const argv[], int in_fd, const char *out_path)
{
        int out = open(out_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (out < 0)
                return -1;
        int devnull = in_fd < 0 ? open("/dev/null", O_RDONLY | O_CLOEXEC) : -1;
        pid_t parent = getpid();
        pid_t pid = fork();
        if (pid == 0) {
                /* A server must not outlive the test program, however it ends. */
                prctl(PR_SET_PDEATHSIG, SIGKILL);
                if (getppid() != parent)
                        _exit(126);
                sigset_t none;
                sigemptyset(&none);
                sigprocmask(SIG_SETMASK, &none, NULL);
                dup2(in_fd >= 0 ? in_fd : devnull, 0);
                dup2(out, 1);
                dup2(out, 2);
                execve(argv[0], argv, environ);
                _exit(127);
        }
        close(out);
        if (devnull >= 0)
                close(devnull);
        return pid;
}

/* Wait for pid up to ms; returns 1 and *status when it ended, 0 on timeout. */
static int wait_for(pid_t pid, double ms, int *status)
{
        double deadline = now_ms() + ms;
        for (;;) {
                pid_t r = waitpid(pid, status, WNOHANG);
                if (r == pid)
                        return 1;
                if (r < 0 && errno != EINTR)
                        return 1;
                if (now_ms() > deadline)
                        return 0;
                sleep_ms(5);
        }
}

static const char *status_text(int status)
{
        if (WIFEXITED(status))
                return test_msg("exit status %d", WEXITSTATUS(status));
        if (WIFSIGNALED(status))
                return test_msg("killed by signal %d", WTERMSIG(status));
        return "ended oddly";
}

int run_ecat_db(const char *db, const char *const *args, const char *stdin_text, char **out)
{
        char *argv[MAX_ARGS + 4];
        size_t n = 0;
        argv[n++] = ecat_bin;
        for (size_t i = 0; args && args[i] && n < MAX_ARGS; i++)
                argv[n++] = (char *)args[i];
        if (db) {
                argv[n++] = "--db";
                argv[n++] = (char *)db;
        }
        argv[n] = NULL;
        static int seq;
        const char *out_path = test_msg("%s/cli-%d.out", scratch_dir(), ++seq);
        int pipefd[2];
        if (pipe2(pipefd, O_CLOEXEC) < 0)
                FAIL("pipe: %s", strerror(errno));
        pid_t pid = spawn(argv, pipefd[0], out_path);
        close(pipefd[0]);
        if (pid < 0) {
                close(pipefd[1]);
                FAIL("cannot run %s: %s", ecat_bin, strerror(errno));
        }
        if (stdin_text) {
                /* Small texts only (passwords): they fit the pipe. */
                size_t len = strlen(stdin_text), off = 0;
                while (off < len) {
                        ssize_t w = write(pipefd[1], stdin_text + off, len - off);
                        if (w < 0 && errno == EINTR)
                                continue;
                        if (w <= 0)
                                break;
                        off += (size_t)w;
                }
        }
        close(pipefd[1]);
        int status = 0;
        int rc;
        if (!wait_for(pid, 120000 * slow_factor(), &status)) {
                kill(pid, SIGKILL);
                waitpid(pid, &status, 0);
                rc = -1;
        } else {
                rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
        if (out)
                *out = own(free, read_file(out_path, NULL));
        const char *san = sanitizer_report(out_path);
        if (san) {
                print_tail(out_path, LOG_TAIL);
                FAIL("%s report from `ecat %s`", san, args && args[0] ? args[0] : "");
        }
        return rc;
}

int run_ecat(struct server *s, const char *const *args, const char *stdin_text, char **out)
{
        return run_ecat_db(s->db, args, stdin_text, out);
}

/* ---- servers ---- */

/* The demo database, made once per run and copied for every server. */
static const char *demo_template(void)
{
        if (demo_db[0])
                return demo_db;
        char dir[PATH_MAX];
        pathf(dir, sizeof(dir), "%s/demo", root_dir);
        if (mkdir(dir, 0700) < 0 && errno != EEXIST)
                FAIL("cannot create %s: %s", dir, strerror(errno));
        char path[PATH_MAX];
        pathf(path, sizeof(path), "%s/demo.db", dir);
        char *out = NULL;
        int rc = run_ecat_db(path, (const char *[]){"demo", NULL}, NULL, &out);
        if (rc != 0)
                FAIL("`ecat demo` failed (%d): %s", rc, out);
        snprintf(demo_db, sizeof(demo_db), "%s", path);
        return demo_db;
}

/*
 * Run as root (as on the test machine), the harness does what an operator
 * does: `ecat serve` starts as root and drops to an unprivileged account
 * (nobody, unless the test names its own --user), whose files the database
 * and its directory become.  The key file stays root's: it is read before
 * the drop.  Directories above are opened for traversal only (0711).
 */
#define SERVICE_USER "nobody"

static bool has_arg(const struct server *s, const char *flag)
{
        for (size_t i = 0; i < s->n_args; i++)
                if (strcmp(s->args[i], flag) == 0)
                        return true;
        return false;
}

static void give_to_service_user(const struct server *s)
{
        const struct passwd *pw = getpwnam(SERVICE_USER);
        if (!pw)
                FAIL("running as root needs the account %s for ecat serve", SERVICE_USER);
        char dir[PATH_MAX];
        snprintf(dir, sizeof(dir), "%s", s->db);
        const char *paths[] = {dirname(dir),
                               s->dir,
                               s->db,
                               test_msg("%s-wal", s->db),
                               test_msg("%s-shm", s->db),
                               test_msg("%s-journal", s->db)};
        for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
                if (chown(paths[i], pw->pw_uid, pw->pw_gid) < 0 && errno != ENOENT)
                        FAIL("chown %s: %s", paths[i], strerror(errno));
        chmod(root_dir, 0711);
        chmod(scratch_dir(), 0711);
}

static void server_spawn(struct server *s)
{
        char *argv[MAX_ARGS + 16];
        size_t n = 0;
        bool as_root = geteuid() == 0 && !has_arg(s, "--user");
        if (as_root)
                give_to_service_user(s);
        argv[n++] = ecat_bin;
        argv[n++] = "serve";
        argv[n++] = "--db";
        argv[n++] = s->db;
        argv[n++] = "--listen";
        argv[n++] = "127.0.0.1:0";
        argv[n++] = "--port-file";
        argv[n++] = s->port_file;
        if (as_root) {
                argv[n++] = "--user";
                argv[n++] = SERVICE_USER;
        }
        /* Tests log in with passwords alone unless they ask for two-factor login. */
        if (!has_arg(s, "--require-totp")) {
                argv[n++] = "--require-totp";
                argv[n++] = "none";
        }
        for (size_t i = 0; i < s->n_args; i++)
                argv[n++] = s->args[i];
        argv[n] = NULL;
        unlink(s->port_file);
        s->port = 0;
        s->pid = spawn(argv, -1, s->log);
        if (s->pid < 0) {
                s->pid = 0;
                FAIL("cannot start %s: %s", ecat_bin, strerror(errno));
        }
        double deadline = now_ms() + 15000 * slow_factor();
        while (now_ms() < deadline) {
                int status;
                if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
                        s->pid = 0;
                        FAIL("ecat serve ended at start-up (%s); see its log", status_text(status));
                }
                char *text = read_file(s->port_file, NULL);
                int port = 0;
                if (strchr(text, '\n'))
                        port = atoi(text);
                free(text);
                if (port > 0 && port < 65536) {
                        s->port = port;
                        return;
                }
                sleep_ms(5);
        }
        FAIL("ecat serve did not write its port within %.0f s", 15 * slow_factor());
}

static struct server *server_new(const char *const *extra_args)
{
        struct server *s = xmalloc(sizeof(*s));
        memset(s, 0, sizeof(*s));
        pathf(s->dir, sizeof(s->dir), "%s/srv%d", scratch_dir(), ++cur.n_servers);
        if (mkdir(s->dir, 0700) < 0 && errno != EEXIST)
                FAIL("cannot create %s: %s", s->dir, strerror(errno));
        pathf(s->log, sizeof(s->log), "%s/server.log", s->dir);
        pathf(s->port_file, sizeof(s->port_file), "%s/port", s->dir);
        for (size_t i = 0; extra_args && extra_args[i]; i++) {
                if (s->n_args >= MAX_ARGS)
                        FAIL("too many server arguments");
                s->args[s->n_args++] = xstrdup(extra_args[i]);
        }
        s->next = cur.servers;
        cur.servers = s;
        return s;
}

struct server *server_start(const char *const *extra_args)
{
        const char *tmpl = demo_template();
        struct server *s = server_new(extra_args);
        pathf(s->db, sizeof(s->db), "%s/ecat.db", s->dir);
        char from[PATH_MAX + 8], to[PATH_MAX + 8];
        pathf(from, sizeof(from), "%s.key", tmpl);
        pathf(to, sizeof(to), "%s.key", s->db);
        if (copy_file(tmpl, s->db) < 0 || copy_file(from, to) < 0)
                FAIL("cannot copy the demo database: %s", strerror(errno));
        server_spawn(s);
        return s;
}

struct server *server_start_db(const char *db_path, const char *const *extra_args)
{
        struct server *s = server_new(extra_args);
        pathf(s->db, sizeof(s->db), "%s", db_path);
        server_spawn(s);
        return s;
}

/* SIGTERM and wait; NULL when it exited 0 cleanly, else what went wrong. */
static const char *server_term(struct server *s)
{
        if (!s->pid)
                return NULL;
        pid_t pid = s->pid;
        s->pid = 0;
        kill(pid, SIGTERM);
        int status = 0;
        if (!wait_for(pid, 30000 * slow_factor(), &status)) {
                kill(pid, SIGKILL);
                waitpid(pid, &status, 0);
                return "ecat serve did not stop on SIGTERM";
        }
        const char *san = sanitizer_report(s->log);
        if (san)
                return test_msg("%s report in the server log (%s)", san, status_text(status));
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                return test_msg("ecat serve stopped with %s", status_text(status));
        return NULL;
}

void server_stop(struct server *s)
{
        const char *why = server_term(s);
        if (why)
                FAIL("%s", why);
}

void server_kill9(struct server *s)
{
        if (!s->pid)
                return;
        kill(s->pid, SIGKILL);
        int status;
        waitpid(s->pid, &status, 0);
        s->pid = 0;
}

void server_restart(struct server *s)
{
        if (s->pid)
                FAIL("server_restart: the server is still running");
        server_spawn(s);
}

const char *server_db(const struct server *s)
{
        return s->db;
}

int server_stored_files(const struct server *s)
{
        const char *dir = test_msg("%s-files", s->db);
        int n = 0;
        DIR *d = opendir(dir);
        for (struct dirent *e = d ? readdir(d) : NULL; e; e = readdir(d)) {
                if (e->d_name[0] == '.' || strcmp(e->d_name, "tmp") == 0)
                        continue;
                DIR *sub = opendir(test_msg("%s/%s", dir, e->d_name));
                for (struct dirent *f = sub ? readdir(sub) : NULL; f; f = readdir(sub))
                        if (f->d_name[0] != '.')
                                n++;
                if (sub)
                        closedir(sub);
        }
        if (d)
                closedir(d);
        return n;
}

static int spooled_now(const struct server *s)
{
        int n = 0;
        DIR *d = opendir(test_msg("%s-files/tmp", s->db));
        for (struct dirent *e = d ? readdir(d) : NULL; e; e = readdir(d))
                if (e->d_name[0] != '.')
                        n++;
        if (d)
                closedir(d);
        return n;
}

const char *server_log_text(const struct server *s)
{
        FILE *f = fopen(s->log, "rb");
        if (!f)
                return "";
        struct stat st;
        size_t cap = fstat(fileno(f), &st) == 0 && st.st_size > 0 ? (size_t)st.st_size : 0;
        char *buf = test_alloc(cap + 1);
        size_t n = cap ? fread(buf, 1, cap, f) : 0;
        fclose(f);
        buf[n] = '\0';
        return buf;
}

int server_spooled_files(const struct server *s)
{
        int n = spooled_now(s);
        for (int i = 0; n > 0 && i < 200; i++) {
                sleep_ms(10);
                n = spooled_now(s);
        }
        return n;
}

const char *server_dir(const struct server *s)
{
        return s->dir;
}

int server_port(const struct server *s)
{
        return s->port;
}

pid_t server_pid(const struct server *s)
{
        return s->pid;
}

/* ---- the database file ---- */

static sqlite3 *db_open(const char *db)
{
        sqlite3 *h = NULL;
        if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
                const char *msg = test_msg("%s", h ? sqlite3_errmsg(h) : "?");
                sqlite3_close(h);
                FAIL("cannot open %s: %s", db, msg);
        }
        sqlite3_busy_timeout(h, (int)(10000 * slow_factor()));
        return h;
}

static sqlite3_stmt *db_first_row(sqlite3 *h, const char *db, const char *sql)
{
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
                const char *msg = test_msg("%s", sqlite3_errmsg(h));
                sqlite3_close(h);
                FAIL("%s: %s: %s", db, sql, msg);
        }
        int rc = sqlite3_step(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
                const char *msg = test_msg("%s", sqlite3_errmsg(h));
                sqlite3_finalize(st);
                sqlite3_close(h);
                FAIL("%s: %s: %s", db, sql, msg);
        }
        return st;
}

int64_t db_int(const char *db, const char *sql)
{
        sqlite3 *h = db_open(db);
        sqlite3_stmt *st = db_first_row(h, db, sql);
        int64_t v = sqlite3_data_count(st) > 0 ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_finalize(st);
        sqlite3_close(h);
        return v;
}

const char *db_text(const char *db, const char *sql)
{
        sqlite3 *h = db_open(db);
        sqlite3_stmt *st = db_first_row(h, db, sql);
        const unsigned char *t = sqlite3_data_count(st) > 0 ? sqlite3_column_text(st, 0) : NULL;
        const char *v = test_msg("%s", t ? (const char *)t : "");
        sqlite3_finalize(st);
        sqlite3_close(h);
        return v;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
        const unsigned char *b = p;
        for (size_t i = 0; i < n; i++) {
                h ^= b[i];
                h *= 1099511628211ULL;
        }
        return h;
}

const char *db_fingerprint(const char *db)
{
        sqlite3 *h = db_open(db);
        sqlite3_stmt *tables = NULL;
        const char *list_sql =
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
            "LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT "
            "IN ('audit_log', 'audit_head', 'sessions', 'login_failures') ORDER BY name";
        if (sqlite3_prepare_v2(h, list_sql, -1, &tables, NULL) != SQLITE_OK) {
                const char *msg = test_msg("%s", sqlite3_errmsg(h));
                sqlite3_close(h);
                FAIL("%s: %s", db, msg);
        }
        char *out = xstrdup("");
        while (sqlite3_step(tables) == SQLITE_ROW) {
                const char *name = (const char *)sqlite3_column_text(tables, 0);
                char sql[300];
                snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\"", name);
                sqlite3_stmt *rows = NULL;
                uint64_t hash = 14695981039346656037ULL;
                long long n = 0;
                if (sqlite3_prepare_v2(h, sql, -1, &rows, NULL) == SQLITE_OK) {
                        while (sqlite3_step(rows) == SQLITE_ROW) {
                                n++;
                                for (int k = 0; k < sqlite3_column_count(rows); k++) {
                                        const void *v = sqlite3_column_blob(rows, k);
                                        int len = sqlite3_column_bytes(rows, k);
                                        int type = sqlite3_column_type(rows, k);
                                        hash = fnv(hash, &type, sizeof(type));
                                        hash = fnv(hash, &len, sizeof(len));
                                        if (v)
                                                hash = fnv(hash, v, (size_t)len);
                                }
                        }
                }
                sqlite3_finalize(rows);
                char *more = NULL;
                if (asprintf(&more, "%s%s:%lld:%016llx ", out, name, n, (unsigned long long)hash) <
                    0)
                        abort();
                free(out);
                out = more;
        }
        sqlite3_finalize(tables);
        sqlite3_close(h);
        return own(free, out);
}

bool db_write_locked(const char *db)
{
        sqlite3 *h = db_open(db);
        sqlite3_busy_timeout(h, 0);
        int rc = sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        if (rc == SQLITE_OK)
                sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(h);
        return (rc & 0xff) == SQLITE_BUSY;
}

void db_exec(const char *db, const char *sql)
{
        sqlite3 *h = db_open(db);
        char *err = NULL;
        if (sqlite3_exec(h, sql, NULL, NULL, &err) != SQLITE_OK) {
                const char *msg = test_msg("%s", err ? err : sqlite3_errmsg(h));
                sqlite3_free(err);
                sqlite3_close(h);
                FAIL("%s: %s: %s", db, sql, msg);
        }
        sqlite3_close(h);
}

/* ---- the runner ---- */

static int n_passed, n_failed;
static volatile sig_atomic_t watchdog_armed;

/* End the test: stop what it left running, report, tidy up.  Returns whether it passed. */
static bool finish_test(void)
{
        cur.in_test = false;
        for (struct server *s = cur.servers; s; s = s->next) {
                if (cur.failed) {
                        server_kill9(s);
                } else {
                        const char *why = server_term(s);
                        if (why && !cur.failed) {
                                cur.failed = true;
                                cur.reason = xstrdup(test_msg("at the end of the test: %s", why));
                        }
                }
                const char *san = sanitizer_report(s->log);
                if (san && !cur.failed) {
                        cur.failed = true;
                        cur.reason = xstrdup(test_msg("%s report in %s", san, s->log));
                }
        }
        if (cur.failed) {
                printf("not ok - %s\n# %s\n", cur.name, cur.reason);
                if (cur.notes)
                        fputs(cur.notes, stdout);
                for (struct server *s = cur.servers; s; s = s->next)
                        print_tail(s->log, LOG_TAIL);
                if (cur.scratch[0])
                        printf("# files kept in %s\n", cur.scratch);
        } else {
                printf("ok - %s\n", cur.name);
                if (cur.notes && env_on("ECAT_TEST_VERBOSE"))
                        fputs(cur.notes, stdout);
        }
        fflush(stdout);
        release_owned();
        while (cur.servers) {
                struct server *next = cur.servers->next;
                for (size_t i = 0; i < cur.servers->n_args; i++)
                        free(cur.servers->args[i]);
                free(cur.servers);
                cur.servers = next;
        }
        if (!cur.failed && !env_on("ECAT_KEEP"))
                remove_tree(cur.scratch);
        bool passed = !cur.failed;
        free(cur.reason);
        free(cur.notes);
        return passed;
}

static void on_alarm(int sig)
{
        (void)sig;
        if (!watchdog_armed)
                return;
        char msg[600];
        int n = snprintf(msg, sizeof(msg),
                         "not ok - %s\n# timed out after %.0f s\n%d passed, %d failed\n", cur.name,
                         TEST_TIMEOUT * slow_factor(), n_passed, n_failed + 1);
        if (n > 0)
                (void)!write(1, msg, (size_t)n < sizeof(msg) ? (size_t)n : sizeof(msg) - 1);
        for (struct server *s = cur.servers; s; s = s->next)
                if (s->pid > 0)
                        kill(s->pid, SIGKILL);
        _exit(1);
}

static const char *stem(const char *file)
{
        const char *base = strrchr(file, '/');
        base = base ? base + 1 : file;
        if (strncmp(base, "test_", 5) == 0)
                base += 5;
        return base;
}

static int cmp_tests(const void *a, const void *b)
{
        const struct api_test *x = *(const struct api_test *const *)a;
        const struct api_test *y = *(const struct api_test *const *)b;
        int c = strcmp(stem(x->file), stem(y->file));
        return c ? c : x->line - y->line;
}

/* Keep ECAT_* settings of the caller's environment away from the servers. */
static void clean_environment(void)
{
        static const char *const keep[] = {"ECAT_BIN",  "ECAT_SLOW",    "ECAT_KEEP",
                                           "ECAT_TEST", "ECAT_WEB_DIR", NULL};
        for (bool again = true; again;) {
                again = false;
                for (char **e = environ; *e; e++) {
                        if (strncmp(*e, "ECAT_", 5) != 0)
                                continue;
                        bool kept = false;
                        for (size_t i = 0; keep[i]; i++)
                                if (strncmp(*e, keep[i], strlen(keep[i])) == 0)
                                        kept = true;
                        if (kept)
                                continue;
                        char name[128];
                        size_t n = strcspn(*e, "=");
                        if (n >= sizeof(name))
                                continue;
                        memcpy(name, *e, n);
                        name[n] = '\0';
                        unsetenv(name);
                        again = true;
                        break;
                }
        }
        /* A web directory that is not there would stop every server at start-up. */
        const char *web = getenv("ECAT_WEB_DIR");
        struct stat st;
        if (web && (stat(web, &st) != 0 || !S_ISDIR(st.st_mode)))
                unsetenv("ECAT_WEB_DIR");
        /* No /etc/ecat/ecat.conf either. */
        setenv("ECAT_CONFIG", "/dev/null", 1);
}

int main(int argc, char **argv)
{
        const char *filter = argc > 1 ? argv[1] : NULL;
        main_thread = pthread_self();
        setvbuf(stdout, NULL, _IOLBF, 0);
        signal(SIGPIPE, SIG_IGN);
        const char *bin = getenv("ECAT_BIN");
        if (!bin || !*bin) {
                fputs("api_test: set ECAT_BIN to the ecat binary under test\n", stderr);
                return 2;
        }
        if (!realpath(bin, ecat_bin) || access(ecat_bin, X_OK) != 0) {
                fprintf(stderr, "api_test: %s is not an executable\n", bin);
                return 2;
        }
        clean_environment();
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
                fputs("api_test: curl_global_init failed\n", stderr);
                return 2;
        }
        const char *tmp = getenv("TMPDIR");
        snprintf(root_dir, sizeof(root_dir), "%s/ecat-api-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(root_dir)) {
                perror("api_test: mkdtemp");
                return 2;
        }

        struct api_test *list[MAX_TESTS];
        size_t n = 0;
        for (struct api_test *t = tests; t && n < MAX_TESTS; t = t->next)
                list[n++] = t;
        qsort(list, n, sizeof(*list), cmp_tests);

        struct sigaction sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_alarm;
        sigaction(SIGALRM, &sa, NULL);

        printf("# ecat under test: %s%s\n", ecat_bin, slow_factor() > 1 ? " (slow mode)" : "");
        double t_all = now_ms();
        for (size_t i = 0; i < n; i++) {
                char name[256];
                snprintf(name, sizeof(name), "%.*s.%s", (int)(strlen(stem(list[i]->file)) - 2),
                         stem(list[i]->file), list[i]->name);
                if (filter && !strstr(name, filter))
                        continue;
                memset(&cur, 0, sizeof(cur));
                cur.name = name;
                double t0 = now_ms();
                watchdog_armed = 1;
                alarm((unsigned)(TEST_TIMEOUT * slow_factor()));
                cur.in_test = true;
                if (setjmp(cur.jmp) == 0)
                        list[i]->fn();
                bool ok = finish_test();
                alarm(0);
                watchdog_armed = 0;
                if (ok)
                        n_passed++;
                else
                        n_failed++;
                if (env_on("ECAT_TEST_VERBOSE"))
                        printf("# %s: %.2f s\n", name, (now_ms() - t0) / 1000.0);
        }
        printf("# %.1f s in all\n", (now_ms() - t_all) / 1000.0);
        if (n_failed == 0 && !env_on("ECAT_KEEP"))
                remove_tree(root_dir);
        else
                printf("# temporary files: %s\n", root_dir);
        curl_global_cleanup();
        printf("%d passed, %d failed\n", n_passed, n_failed);
        return n_failed ? 1 : 0;
}
