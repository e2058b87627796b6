#include "core/sandbox.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

int sandbox_drop(const char *user, char *err, size_t errlen)
{
        if (geteuid() != 0 && getuid() != 0)
                return 0;
        if (!user || !user[0]) {
                snprintf(err, errlen,
                         "started as root: setting user must name the account to run as");
                return -1;
        }
        struct passwd entry, *pw = NULL;
        char text[4096];
        int looked = getpwnam_r(user, &entry, text, sizeof(text), &pw);
        if (!pw) {
                snprintf(err, errlen, "started as root: setting user: no account '%s'%s%s", user,
                         looked ? ": " : "", looked ? strerror(looked) : "");
                return -1;
        }
        if (pw->pw_uid == 0 || pw->pw_gid == 0) {
                snprintf(err, errlen,
                         "started as root: setting user: '%s' has uid or gid 0; name an "
                         "unprivileged account",
                         user);
                return -1;
        }
        uid_t uid = pw->pw_uid;
        gid_t gid = pw->pw_gid;
        if (setgroups(1, &gid) < 0) {
                snprintf(err, errlen, "setting user %s: setgroups: %s", user, strerror(errno));
                return -1;
        }
        if (setgid(gid) < 0) {
                snprintf(err, errlen, "setting user %s: setgid: %s", user, strerror(errno));
                return -1;
        }
        if (setuid(uid) < 0) {
                snprintf(err, errlen, "setting user %s: setuid: %s", user, strerror(errno));
                return -1;
        }
        gid_t groups[2];
        int ng = getgroups(2, groups);
        if (getuid() != uid || geteuid() != uid || getgid() != gid || getegid() != gid || ng != 1 ||
            groups[0] != gid || setuid(0) == 0) {
                snprintf(err, errlen, "setting user %s: the privilege drop did not hold", user);
                return -1;
        }
        return 0;
}

/*
 * What the running service calls: glibc's threads and allocator, libmicrohttpd
 * (epoll, accept4, recv/send, eventfd), SQLite (file I/O on the database, its
 * WAL and shared memory, locks), libsodium (getrandom, mlock for secure memory,
 * Argon2id's threads), the log (write to stderr), sigwait for SIGTERM.  Built
 * from strace -f -c of the API suites against a running server.
 */
static const char *const allowed[] = {
    /* memory */
    "brk", "mmap", "munmap", "mremap", "mprotect", "madvise", "mlock", "munlock", "mincore",
    /* threads and time */
    "futex", "set_robust_list", "get_robust_list", "rseq", "set_tid_address", "exit", "exit_group",
    "gettid", "getpid", "tgkill", "sched_yield", "sched_getaffinity", "nanosleep",
    "clock_nanosleep", "clock_gettime", "clock_getres", "gettimeofday", "time", "getrandom",
    "sysinfo", "prlimit64", "getrlimit", "uname", "getuid", "geteuid", "getgid", "getegid",
    "getgroups", "membarrier",
    /* signals */
    "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "rt_sigtimedwait", "sigaltstack",
    /* events and sockets already open */
    "epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait", "epoll_pwait2", "poll", "ppoll",
    "select", "pselect6", "eventfd2", "pipe2", "accept", "accept4", "recvfrom", "recvmsg", "sendto",
    "sendmsg", "sendfile", "shutdown", "getsockname", "getpeername", "setsockopt", "getsockopt",
    /* files: SQLite's database, WAL, shared memory and journal; static files; logs */
    "read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev", "open",
    "openat", "close", "fstat", "stat", "lstat", "newfstatat", "statx", "lseek", "fsync",
    "fdatasync", "ftruncate", "fallocate", "fcntl", "flock", "unlink", "unlinkat", "access",
    "faccessat", "faccessat2", "getcwd", "readlink", "readlinkat", "fchmod", "fchown", "getdents64",
    "ioctl", "umask", "fadvise64",
    /* the material file store (placing an upload) and the report (libxlsxwriter's temporary
       directory) */
    "mkdir", "mkdirat", "rmdir", "rename", "renameat", "renameat2",
    /* the report's PDF: fontconfig looks at the file system of its font cache */
    "fstatfs", "statfs",
#if defined(__SANITIZE_ADDRESS__)
    /* AddressSanitizer and LeakSanitizer in test builds: reports and the leak check at exit */
    "ptrace", "wait4", "waitid", "prctl", "kill", "process_vm_readv", "sched_getparam", "getppid",
    "rt_sigqueueinfo", "rt_tgsigqueueinfo", "pipe",
    "getdents", /* LeakSanitizer lists /proc/self/task with the old call */
#endif
};

int sandbox_seccomp(char *err, size_t errlen)
{
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
                snprintf(err, errlen, "PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
                return -1;
        }
        scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
        if (!ctx) {
                snprintf(err, errlen, "seccomp: cannot create the filter");
                return -1;
        }
        int rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
        const char *what = "every thread";
        for (size_t i = 0; rc == 0 && i < sizeof(allowed) / sizeof(allowed[0]); i++) {
                int nr = seccomp_syscall_resolve_name(allowed[i]);
                if (nr == __NR_SCMP_ERROR)
                        continue; /* not on this architecture */
                what = allowed[i];
                rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
        }
        /* New threads only: clone with CLONE_THREAD; clone3 (whose flags a filter
           cannot see) says ENOSYS, and glibc falls back to clone. */
        if (rc == 0) {
                what = "clone";
                rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
                                      SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD));
        }
#if !defined(__SANITIZE_ADDRESS__)
        /* Naming a thread, and nothing else prctl does (pango's font thread names itself). */
        if (rc == 0) {
                what = "prctl";
                rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
                                      SCMP_A0(SCMP_CMP_EQ, PR_SET_NAME, 0));
        }
#endif
#if defined(__SANITIZE_ADDRESS__)
        /* LeakSanitizer's tracer is a clone without CLONE_THREAD. */
        if (rc == 0)
                rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
                                      SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0));
#endif
        if (rc == 0) {
                what = "clone3";
                rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
        }
        if (rc == 0) {
                what = "load";
                rc = seccomp_load(ctx);
        }
        seccomp_release(ctx);
        if (rc != 0) {
                snprintf(err, errlen, "seccomp (%s): %s", what, strerror(-rc));
                return -1;
        }
        return 0;
}
