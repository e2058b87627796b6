/*
 * The audit log: append-only and hash-chained.  Each entry's hash is a keyed
 * BLAKE2b (key derived from the master key) over its fields and the previous
 * entry's hash, so an entry edited, removed, reordered or inserted by someone
 * who can write the database but has no key breaks the chain at that entry.
 *
 * audit_append() must run inside the caller's write transaction: the change
 * and its entry commit together or not at all.  It takes the store's
 * STORE_LOCK_AUDIT_CHAIN (db_lock) before reading the chain head, so two
 * appends never link to the same entry; outside a write transaction it
 * refuses with STORE_ERROR.  Entries hold ids, never names or other
 * personal data.
 */
#ifndef ECAT_AUDIT_H
#define ECAT_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct audit_entry {
        int64_t actor_id;        /* 0: nobody (e.g. a failed login of an unknown account) */
        const char *action;      /* "user.create", "session.login_failed", "access.denied" */
        const char *object_type; /* "user", "organisation", ... or "" */
        int64_t object_id;       /* 0: none */
        const char *outcome;     /* "ok", "denied", "failed" */
        const char *request_id;  /* "" outside a request */
};

/* Set the chain key (from the master key) before the first append or verify. */
void audit_set_key(const unsigned char key[32]);

/* Append one entry; the caller holds a write transaction on db. */
enum store_rc audit_append(struct db *db, const struct audit_entry *e);

/* Append one entry in a transaction of its own (refusals, failed logins). */
enum store_rc audit_record(struct db *db, const struct audit_entry *e);

struct audit_problem {
        int64_t id;       /* first bad entry (or the entry after a gap) */
        char reason[160]; /* what is wrong with it */
};

/*
 * Walk the whole chain.  Returns 0 when intact (and *count = entries),
 * 1 when broken (problem filled in), -1 on a storage error.
 */
int audit_verify(struct db *db, int64_t *count, struct audit_problem *problem);

#endif
