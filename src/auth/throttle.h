/*
 * In-memory per-address limits: a token bucket of requests per second and a
 * count of failed logins per window.  A fixed table of slots keyed by a hash
 * of the address; a full table recycles its oldest slot, so memory is bounded
 * whatever the number of clients.
 */
#ifndef ECAT_THROTTLE_H
#define ECAT_THROTTLE_H

#include <stdbool.h>
#include <stdint.h>

/* rate: requests per second (0: no limit); burst: bucket size. */
void throttle_configure(int64_t rate, int64_t burst, int64_t login_max, int64_t login_window);
/* Take one request from addr's bucket; false when it is empty. */
bool throttle_request(const char *addr);
/* Whether addr has had too many failed logins within the window. */
bool throttle_login_blocked(const char *addr);
/* Count a failed login from addr. */
void throttle_login_failed(const char *addr);

#endif
