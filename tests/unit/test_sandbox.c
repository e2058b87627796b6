/* The seccomp filter of ecat serve, installed in forked children. */
#include "core/sandbox.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *const argv_true[] = {"/bin/true", NULL};
static char *const env_none[] = {NULL};

/* Run fn in a forked child under the filter; return its wait status. */
static int in_child(void (*fn)(void))
{
        fflush(NULL);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
                char err[256];
                if (sandbox_seccomp(err, sizeof(err)) < 0) {
                        fprintf(stderr, "%s\n", err);
                        _exit(3);
                }
                fn();
                _exit(0);
        }
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        return status;
}

static void call_execve(void)
{
        execve(argv_true[0], argv_true, env_none);
        _exit(4); /* refused without being killed: the filter is wrong */
}

static void call_fork(void)
{
        pid_t p = fork();
        if (p == 0)
                _exit(0);
        _exit(p > 0 ? 5 : 6);
}

static void call_socket(void)
{
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        _exit(fd >= 0 ? 7 : 8);
}

static void call_allowed(void)
{
        struct timespec ts;
        char buf[16];
        int p[2];
        if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0 || pipe(p) < 0 || write(p[1], "x", 1) != 1 ||
            read(p[0], buf, sizeof(buf)) != 1)
                _exit(9);
        void *m = malloc(1 << 20);
        free(m);
}

static void execve_kills(void **state)
{
        (void)state;
        int st = in_child(call_execve);
        assert_true(WIFSIGNALED(st));
        assert_int_equal(WTERMSIG(st), SIGSYS);
}

static void fork_kills(void **state)
{
        (void)state;
        int st = in_child(call_fork);
        assert_true(WIFSIGNALED(st));
        assert_int_equal(WTERMSIG(st), SIGSYS);
}

static void new_socket_kills(void **state)
{
        (void)state;
        int st = in_child(call_socket);
        assert_true(WIFSIGNALED(st));
        assert_int_equal(WTERMSIG(st), SIGSYS);
}

static void ordinary_calls_pass(void **state)
{
        (void)state;
        int st = in_child(call_allowed);
        assert_true(WIFEXITED(st));
        assert_int_equal(WEXITSTATUS(st), 0);
}

static void root_without_user_refused(void **state)
{
        (void)state;
        if (geteuid() != 0)
                skip();
        char err[256] = "";
        assert_int_equal(sandbox_drop("no-such-account-ecat", err, sizeof(err)), -1);
        assert_non_null(strstr(err, "setting user"));
        assert_int_equal(sandbox_drop("", err, sizeof(err)), -1);
        assert_non_null(strstr(err, "setting user"));
        assert_int_equal(sandbox_drop("root", err, sizeof(err)), -1);
        assert_non_null(strstr(err, "setting user"));
        assert_int_equal(geteuid(), 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(execve_kills),
            cmocka_unit_test(fork_kills),
            cmocka_unit_test(new_socket_kills),
            cmocka_unit_test(ordinary_calls_pass),
            cmocka_unit_test(root_without_user_refused),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
