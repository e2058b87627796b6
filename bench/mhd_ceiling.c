/*
 * The ceiling: the fastest answer libmicrohttpd gives on this machine with the
 * daemon flags, thread pool and options of src/http/server.c, and no work per
 * request but queuing one constant, prebuilt JSON response.  ecat's request
 * rates are reported as a share of this one, measured in the same run.
 *
 * usage: mhd_ceiling [PORT [THREADS [BODY_FILE]]]   (PORT 0 = any free port;
 * THREADS 0 = one per core, as ecat; BODY_FILE: answer with the bytes of this
 * file instead of the 50-byte default, e.g. a saved dashboard, so that the
 * ceiling sends as much per response as ecat does).  Prints the bound port on
 * stdout, serves on 127.0.0.1 until SIGTERM or SIGINT.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char default_body[] = "{\"status\":\"ok\",\"version\":\"0.1.0\",\"store\":\"sqlite\"}";

static struct MHD_Response *response;

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
        (void)cls;
        (void)url;
        (void)method;
        (void)version;
        (void)upload_data;
        /* Same two-phase shape as ecat: the first call only marks the request. */
        if (!*con_cls) {
                *con_cls = (void *)1;
                return MHD_YES;
        }
        if (*upload_data_size) {
                *upload_data_size = 0;
                return MHD_YES;
        }
        return MHD_queue_response(c, MHD_HTTP_OK, response);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
        (void)cls;
        (void)c;
        (void)toe;
        *con_cls = NULL;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
        char *end;
        unsigned long v = strtoul(s, &end, 10);
        if (!*s || *end || v > max)
                return -1;
        *out = v;
        return 0;
}

/* The whole of path in a malloc'd buffer; NULL on failure. */
static char *read_file(const char *path, size_t *len)
{
        FILE *f = fopen(path, "rb");
        if (!f)
                return NULL;
        size_t cap = 1 << 16, n = 0;
        char *b = malloc(cap);
        while (b) {
                n += fread(b + n, 1, cap - n, f);
                if (n < cap)
                        break;
                char *bigger = realloc(b, cap *= 2);
                if (!bigger) {
                        free(b);
                        b = NULL;
                        break;
                }
                b = bigger;
        }
        if (b && ferror(f)) {
                free(b);
                b = NULL;
        }
        fclose(f);
        *len = n;
        return b;
}

int main(int argc, char **argv)
{
        unsigned long port = 0, threads = 0;
        if (argc > 4 || (argc > 1 && parse_uint(argv[1], 65535, &port) < 0) ||
            (argc > 2 && parse_uint(argv[2], 256, &threads) < 0)) {
                fprintf(stderr, "usage: mhd_ceiling [PORT [THREADS [BODY_FILE]]]\n");
                return 2;
        }
        const char *body = default_body;
        size_t body_len = sizeof(default_body) - 1;
        char *loaded = NULL;
        if (argc > 3) {
                loaded = read_file(argv[3], &body_len);
                if (!loaded) {
                        fprintf(stderr, "mhd_ceiling: cannot read %s\n", argv[3]);
                        return 1;
                }
                body = loaded;
        }
        if (!threads) {
                long cores = sysconf(_SC_NPROCESSORS_ONLN);
                threads = (unsigned long)(cores > 0 ? cores : 1);
        }
        response = MHD_create_response_from_buffer(body_len, (void *)body, MHD_RESPMEM_PERSISTENT);
        if (!response || MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE,
                                                 "application/json") != MHD_YES)
                return 1;

        /* Block the stop signals before the pool threads start, so they inherit the mask. */
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGTERM);
        sigaddset(&set, SIGINT);
        pthread_sigmask(SIG_BLOCK, &set, NULL);

        struct sockaddr_in sa;
        memset(&sa, 0, sizeof(sa));
        sa.sin_family = AF_INET;
        sa.sin_port = htons((unsigned short)port);
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

        /* The flags and option values of server_start() with ecat's default settings. */
        unsigned flags =
            MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
        struct MHD_Daemon *d = MHD_start_daemon(
            flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
            MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_CONNECTION_LIMIT, 1024u,
            MHD_OPTION_PER_IP_CONNECTION_LIMIT, 0u, MHD_OPTION_CONNECTION_TIMEOUT, 30u,
            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536, MHD_OPTION_NOTIFY_COMPLETED,
            on_completed, NULL, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
        if (!d) {
                fprintf(stderr, "mhd_ceiling: cannot listen on 127.0.0.1:%lu\n", port);
                return 1;
        }
        const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
        printf("%u\n", di ? (unsigned)di->port : 0u);
        fflush(stdout);

        int sig;
        sigwait(&set, &sig);
        MHD_stop_daemon(d);
        MHD_destroy_response(response);
        free(loaded);
        return 0;
}
