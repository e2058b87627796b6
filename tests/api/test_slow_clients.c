/*
 * Many and slow connections (ecat.conf(5): per_ip_connection_limit,
 * connection_reserve, header_timeout).  An attacker on 127.0.0.2 opens 2,000
 * connections that send part of a request line and headers and then trickle
 * a header line every half second, or send nothing at all; meanwhile a client
 * on 127.0.0.1 must keep getting answers.  The attacker's connections past
 * the per-address limit are refused at once, the ones admitted are closed by
 * the header deadline however steadily they trickle, and nothing is left in
 * CLOSE_WAIT when the attacker goes.  A control run with the limit and the
 * reserve off shows the same attack starving the other client, so the
 * attack is a real one.
 *
 * Loopback only; every wait is bounded.  The test process needs a descriptor
 * per connection: it raises its soft RLIMIT_NOFILE to the hard limit (the
 * server it starts inherits it) and skips, saying so, when the hard limit is
 * too low.
 */
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define ATTACK       2000
#define PER_ADDRESS  64 /* the default per_ip_connection_limit */
#define WORKER_SLACK 8  /* admitted at the same moment on several threads (http/guard.h) */

static const char partial[] = "GET /api/v1/health HTTP/1.1\r\nHost: ecat\r\nUser-Agent: slow\r\n";

/* Raise the soft open-file limit; false (and a SKIP line) when the hard one is below need. */
static bool need_fds(rlim_t need, const char *test)
{
        struct rlimit fl;
        if (getrlimit(RLIMIT_NOFILE, &fl) < 0)
                FAIL("getrlimit: %s", strerror(errno));
        if (fl.rlim_cur != RLIM_INFINITY && fl.rlim_cur < need) {
                if (fl.rlim_max != RLIM_INFINITY && fl.rlim_max < need) {
                        printf("# SKIP %s: needs %llu open files, the hard limit is %llu\n", test,
                               (unsigned long long)need, (unsigned long long)fl.rlim_max);
                        return false;
                }
                fl.rlim_cur = fl.rlim_max;
                if (setrlimit(RLIMIT_NOFILE, &fl) < 0)
                        FAIL("setrlimit(RLIMIT_NOFILE, %llu): %s", (unsigned long long)fl.rlim_max,
                             strerror(errno));
        }
        return true;
}

/* ---- a crowd of raw connections from one address ---- */

struct crowd {
        int n;
        int *fd;           /* -1 once closed */
        double *opened_ms; /* when connect() completed */
        double *closed_ms; /* when the server's close was seen; 0 while open */
        bool *talks;       /* sent the start of a request (and trickles); else silent */
};

static void crowd_free(void *p)
{
        struct crowd *c = p;
        for (int i = 0; i < c->n; i++)
                if (c->fd[i] >= 0)
                        close(c->fd[i]);
        free(c->fd);
        free(c->opened_ms);
        free(c->closed_ms);
        free(c->talks);
}

/* A socket on `from`, connected to 127.0.0.1:port, non-blocking; -1 on failure. */
static int connect_from(const char *from, int port)
{
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -1;
        struct sockaddr_in a = {.sin_family = AF_INET};
        inet_pton(AF_INET, from, &a.sin_addr);
        struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
        inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
        struct timeval tv = {.tv_sec = 5};
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)); /* bounds connect() too */
        if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
            connect(fd, (struct sockaddr *)&to, sizeof(to)) < 0) {
                close(fd);
                return -1;
        }
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        return fd;
}

/*
 * n connections from `from`; every second one sends the start of a request
 * and trickles on (when send_partial), the others send nothing at all.  The connections belong to
 * the test.
 */
static struct crowd *crowd_open(struct server *s, const char *from, int n, bool send_partial)
{
        struct crowd *c = test_alloc(sizeof(*c));
        c->fd = calloc((size_t)n, sizeof(int));
        c->opened_ms = calloc((size_t)n, sizeof(double));
        c->closed_ms = calloc((size_t)n, sizeof(double));
        c->talks = calloc((size_t)n, sizeof(bool));
        if (!c->fd || !c->opened_ms || !c->closed_ms || !c->talks)
                FAIL("out of memory");
        test_defer(crowd_free, c);
        for (int i = 0; i < n; i++) {
                int fd = connect_from(from, server_port(s));
                if (fd < 0)
                        FAIL("connection %d from %s: %s", i, from, strerror(errno));
                c->fd[i] = fd;
                c->n = i + 1;
                c->opened_ms[i] = now_ms();
                c->talks[i] = send_partial && i % 2 == 0;
                if (c->talks[i])
                        (void)send(fd, partial, sizeof(partial) - 1, MSG_NOSIGNAL);
        }
        return c;
}

/* Note every connection the server has closed (EOF or reset); returns how many are open. */
static int crowd_poll(struct crowd *c)
{
        int open = 0;
        for (int i = 0; i < c->n; i++) {
                if (c->fd[i] < 0)
                        continue;
                char buf[512];
                ssize_t k;
                while ((k = recv(c->fd[i], buf, sizeof(buf), 0)) > 0)
                        ; /* an answer (an error page) is not the end; EOF is */
                if (k == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
                        close(c->fd[i]);
                        c->fd[i] = -1;
                        c->closed_ms[i] = now_ms();
                        continue;
                }
                open++;
        }
        return open;
}

/* One more header line on every open talking connection: never idle, never finished. */
static void crowd_trickle(struct crowd *c)
{
        for (int i = 0; i < c->n; i++)
                if (c->fd[i] >= 0 && c->talks[i])
                        (void)send(c->fd[i], "X-Slow: 1\r\n", 11, MSG_NOSIGNAL | MSG_DONTWAIT);
}

/* Close every connection from the client's side (the attacker goes away). */
static void crowd_leave(struct crowd *c)
{
        for (int i = 0; i < c->n; i++)
                if (c->fd[i] >= 0) {
                        close(c->fd[i]);
                        c->fd[i] = -1;
                }
}

/* Poll and trickle for ms. */
static void crowd_hold(struct crowd *c, double ms)
{
        double end = now_ms() + ms, next_trickle = 0;
        while (now_ms() < end) {
                if (now_ms() >= next_trickle) {
                        crowd_trickle(c);
                        next_trickle = now_ms() + 500;
                }
                crowd_poll(c);
                sleep_ms(50);
        }
}

/*
 * GET /api/v1/health from `from` on a connection of its own, waiting at most
 * ms for the status line; the status, or 0 when no answer came in time.
 */
static int probe(struct server *s, const char *from, double ms)
{
        int fd = connect_from(from, server_port(s));
        if (fd < 0)
                return 0;
        static const char req[] = "GET /api/v1/health HTTP/1.1\r\nHost: ecat\r\n"
                                  "Connection: close\r\n\r\n";
        (void)send(fd, req, sizeof(req) - 1, MSG_NOSIGNAL);
        char buf[64];
        size_t have = 0;
        double end = now_ms() + ms;
        int status = 0;
        while (have < 12 && now_ms() < end) {
                struct pollfd p = {.fd = fd, .events = POLLIN};
                int left = (int)(end - now_ms());
                if (poll(&p, 1, left > 0 ? left : 0) <= 0)
                        continue;
                ssize_t k = recv(fd, buf + have, sizeof(buf) - 1 - have, 0);
                if (k <= 0 && !(k < 0 && (errno == EAGAIN || errno == EINTR)))
                        break;
                if (k > 0)
                        have += (size_t)k;
        }
        buf[have] = '\0';
        if (have >= 12 && strncmp(buf, "HTTP/1.1 ", 9) == 0)
                status = atoi(buf + 9);
        close(fd);
        return status;
}

/* Connections of the server's port in CLOSE_WAIT, from /proc/net/tcp (ss state close-wait). */
static int close_wait(struct server *s)
{
        FILE *f = fopen("/proc/net/tcp", "r");
        if (!f)
                FAIL("cannot read /proc/net/tcp: %s", strerror(errno));
        char line[512];
        int n = 0;
        unsigned port = (unsigned)server_port(s);
        if (!fgets(line, sizeof(line), f)) { /* the heading */
                fclose(f);
                return 0;
        }
        while (fgets(line, sizeof(line), f)) {
                unsigned lport, st;
                if (sscanf(line, " %*d: %*8[0-9A-Fa-f]:%x %*8[0-9A-Fa-f]:%*x %x", &lport, &st) ==
                        2 &&
                    lport == port && st == 0x08)
                        n++;
        }
        fclose(f);
        return n;
}

/* How many of the crowd are still open; the ones admitted rather than refused. */
static int settle(struct crowd *c)
{
        sleep_ms(300 * slow_factor());
        return crowd_poll(c);
}

/* ---- the tests ---- */

/*
 * The defaults hold (header_timeout shortened to 2 s): the other client is
 * answered all along, the attacker gets per_ip_connection_limit connections
 * and those are cut by the header deadline although they never go idle.
 */
API_TEST(defaults_hold_against_one_address)
{
        if (!need_fds(ATTACK + 256, "slow_clients.defaults_hold_against_one_address"))
                return;
        int hto = (int)(2 * slow_factor());
        char hto_arg[16];
        snprintf(hto_arg, sizeof(hto_arg), "%d", hto);
        struct server *s = server_start((const char *[]){"--header-timeout", hto_arg, NULL});
        struct crowd *c = crowd_open(s, "127.0.0.2", ATTACK, true);
        double last_open = now_ms();
        int admitted = settle(c);
        test_note("%d of %d admitted", admitted, ATTACK);
        CHECK(admitted >= 1 && admitted <= PER_ADDRESS + WORKER_SLACK,
              "%d connections from one address were admitted, the limit is %d", admitted,
              PER_ADDRESS);

        /* 20 requests from another address while the attacker trickles. */
        for (int i = 0; i < 20; i++) {
                double t0 = now_ms();
                int st = probe(s, "127.0.0.1", 3000 * slow_factor());
                CHECK(st == 200, "request %d from 127.0.0.1 answered %d after %.0f ms", i, st,
                      now_ms() - t0);
                crowd_hold(c, 100);
        }
        /* Every admitted one is cut by the deadline, not earlier, while it trickles. */
        double end = last_open + (hto + 3) * 1000.0 * slow_factor();
        while (crowd_poll(c) > 0 && now_ms() < end)
                crowd_hold(c, 100);
        int still = crowd_poll(c);
        CHECK(still == 0, "%d trickling connections outlived header_timeout (%d s) by 3 s", still,
              hto);
        int cut = 0;
        for (int i = 0; i < c->n; i++)
                if (c->closed_ms[i] - c->opened_ms[i] >= hto * 1000.0 - 300)
                        cut++;
        CHECK(cut >= 1 && cut <= admitted, "%d connections lasted until the deadline, %d admitted",
              cut, admitted);
        CHECK(probe(s, "127.0.0.1", 3000 * slow_factor()) == 200);
        CHECK_INT(close_wait(s), 0);

        /* The server counted them: its summary line names the refusals and the cuts. */
        server_stop(s);
        const char *line = NULL;
        {
                const char *path = test_msg("%s/server.log", server_dir(s));
                FILE *f = fopen(path, "r");
                CHECK(f != NULL, "cannot read %s", path);
                size_t cap = 0;
                ssize_t k;
                char *buf = NULL;
                long long refused = 0, timeouts = 0;
                while ((k = getline(&buf, &cap, f)) > 0) {
                        const char *p = strstr(buf, "msg=connection_guard");
                        if (!p)
                                continue;
                        long long a = 0, b = 0;
                        const char *pa = strstr(p, "refused_per_address=");
                        const char *pb = strstr(p, "header_timeouts=");
                        if (pa)
                                a = atoll(pa + 20);
                        if (pb)
                                b = atoll(pb + 16);
                        refused += a;
                        timeouts += b;
                        line = p;
                }
                free(buf);
                fclose(f);
                CHECK(line != NULL, "no msg=connection_guard line in the server log");
                CHECK(refused >= ATTACK - PER_ADDRESS - WORKER_SLACK && refused < ATTACK,
                      "the log counts %lld refused", refused);
                CHECK(timeouts >= cut && timeouts <= admitted,
                      "the log counts %lld header timeouts, %d seen", timeouts, cut);
        }
}

/*
 * The control: with the per-address limit and the reserve off and a long
 * header deadline, the same attack takes every connection and the other
 * client gets no answer.  When the attacker goes, no socket is left in
 * CLOSE_WAIT (libmicrohttpd's edge-triggered epoll mode left the queued ones
 * there until connection_timeout) and service comes back at once.
 */
API_TEST(without_the_limits_one_address_starves_the_rest)
{
        if (!need_fds(ATTACK + 256, "slow_clients.without_the_limits_one_address_starves_the_rest"))
                return;
        struct server *s =
            server_start((const char *[]){"--per-ip-connection-limit", "0", "--connection-reserve",
                                          "0", "--header-timeout", "60", NULL});
        struct crowd *c = crowd_open(s, "127.0.0.2", ATTACK, true);
        int open = settle(c); /* connection_limit in the server, the rest in its queue */
        CHECK(open == ATTACK, "%d of %d still open", open, ATTACK);
        int st = probe(s, "127.0.0.1", 1500 * slow_factor());
        CHECK(st == 0, "127.0.0.1 was answered %d while the connections were all taken", st);

        crowd_leave(c);
        double end = now_ms() + 2000 * slow_factor();
        int cw;
        while ((cw = close_wait(s)) > 0 && now_ms() < end)
                sleep_ms(50);
        CHECK(cw == 0, "%d sockets still in CLOSE_WAIT %.0f s after the clients closed", cw,
              2 * slow_factor());
        CHECK_INT(probe(s, "127.0.0.1", 3000 * slow_factor()), 200);
}

/*
 * The reserve alone (no per-address limit): one address fills the server up
 * to connection_limit - connection_reserve and no further; a new address is
 * still admitted.
 */
API_TEST(reserve_admits_a_new_address)
{
        if (!need_fds(600, "slow_clients.reserve_admits_a_new_address"))
                return;
        struct server *s = server_start(
            (const char *[]){"--per-ip-connection-limit", "0", "--connection-limit", "200",
                             "--connection-reserve", "20", "--header-timeout", "60", NULL});
        struct crowd *c = crowd_open(s, "127.0.0.2", 400, true);
        int admitted = settle(c);
        CHECK(admitted >= 180 && admitted <= 180 + WORKER_SLACK,
              "%d admitted from one address; connection_limit 200 less the reserve 20 is 180",
              admitted);
        CHECK_INT(probe(s, "127.0.0.1", 3000 * slow_factor()), 200);
        struct crowd *other = crowd_open(s, "127.0.0.3", 1, false);
        CHECK_INT(settle(other), 1);
        CHECK_INT(crowd_poll(c), admitted); /* the deadline is far: nothing was cut */
}

/* The trusted proxy carries everybody: the per-address limit does not hold for it. */
API_TEST(trusted_proxy_is_not_limited_per_address)
{
        struct server *s = server_start((const char *[]){"--trusted-proxy", "127.0.0.2",
                                                         "--per-ip-connection-limit", "8",
                                                         "--header-timeout", "60", NULL});
        struct crowd *proxy = crowd_open(s, "127.0.0.2", 40, true);
        CHECK_INT(settle(proxy), 40);
        struct crowd *other = crowd_open(s, "127.0.0.3", 40, true);
        int admitted = settle(other);
        CHECK(admitted >= 8 && admitted <= 8 + WORKER_SLACK, "%d admitted from 127.0.0.3",
              admitted);
        CHECK_INT(probe(s, "127.0.0.1", 3000 * slow_factor()), 200);
}

/*
 * On a kept-alive connection the deadline starts again when a request ends:
 * the next request's headers trickled byte by byte are cut too.
 */
API_TEST(header_deadline_holds_for_the_next_request)
{
        int hto = (int)(2 * slow_factor());
        char hto_arg[16];
        snprintf(hto_arg, sizeof(hto_arg), "%d", hto);
        struct server *s = server_start((const char *[]){"--header-timeout", hto_arg, NULL});
        struct crowd *c = crowd_open(s, "127.0.0.1", 1, false);
        static const char req[] = "GET /api/v1/health HTTP/1.1\r\nHost: ecat\r\n\r\n";
        CHECK(send(c->fd[0], req, sizeof(req) - 1, MSG_NOSIGNAL) == (ssize_t)sizeof(req) - 1);
        /* The answer comes, and the connection stays open for the next request. */
        char buf[2048] = "";
        size_t have = 0;
        double end = now_ms() + 3000 * slow_factor();
        while (!strstr(buf, "\r\n\r\n") && now_ms() < end) {
                ssize_t k = recv(c->fd[0], buf + have, sizeof(buf) - 1 - have, 0);
                if (k > 0) {
                        have += (size_t)k;
                        buf[have] = '\0';
                } else if (k == 0) {
                        FAIL("the connection closed after its first answer");
                } else {
                        sleep_ms(10);
                }
        }
        CHECK(strncmp(buf, "HTTP/1.1 200", 12) == 0, "first answer: %.60s", buf);
        double answered = now_ms();
        /* The next request, one byte every 200 ms: never idle, never complete in time. */
        const char *next = "GET /api/v1/health HTTP/1.1\r\nHost: ecat\r\nX-Slow: ";
        size_t sent = 0;
        end = answered + (hto + 3) * 1000.0 * slow_factor();
        while (crowd_poll(c) > 0 && now_ms() < end) {
                if (next[sent])
                        (void)send(c->fd[0], next + sent++, 1, MSG_NOSIGNAL);
                else
                        (void)send(c->fd[0], "a", 1, MSG_NOSIGNAL);
                sleep_ms(200);
        }
        CHECK(c->fd[0] < 0, "the trickling connection was still open %.0f s after its answer",
              (now_ms() - answered) / 1000);
        double lasted = c->closed_ms[0] - answered;
        CHECK(lasted >= hto * 1000.0 - 300, "cut after %.0f ms, the deadline is %d s", lasted, hto);
}
