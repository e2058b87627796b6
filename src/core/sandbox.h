/*
 * The process sandbox of `ecat serve`: a privilege drop and a seccomp filter.
 *
 * Contract: `ecat serve` opens what it needs as the user it was started as
 * (database, key file, listening socket), then calls sandbox_drop() and, with
 * `seccomp = on`, sandbox_seccomp().  Both act on every thread of the process.
 *
 * sandbox_drop(): started by root, becomes `user` (setgroups to the user's
 * own group, setgid, setuid, each checked, then verified with getuid/geteuid
 * and getgid/getegid, and a setuid(0) that must fail).  Root without a usable
 * user (unknown, or uid 0) is refused with a message naming the setting.
 * Started by another user, nothing changes (there is nothing to drop).
 *
 * sandbox_seccomp(): PR_SET_NO_NEW_PRIVS, then a filter (libseccomp) allowing
 * only the system calls the running service makes; any other kills the whole
 * process (SCMP_ACT_KILL_PROCESS, the kernel reports SIGSYS).  New processes
 * (fork, execve), new sockets, mounts, ptrace and the like are all refused.
 *
 * Both return 0, or -1 with a message in err.
 */
#ifndef ECAT_CORE_SANDBOX_H
#define ECAT_CORE_SANDBOX_H

#include <stddef.h>

int sandbox_drop(const char *user, char *err, size_t errlen);
int sandbox_seccomp(char *err, size_t errlen);

#endif
