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
 *
 * Version 2 entries (all written since schema 4) hash every column with its
 * type, so an actor_id changed from NULL to 0 breaks the chain as any edit
 * does.  The chain's end is anchored: every append also rewrites the head
 * record (table audit_head: newest id, its hash, a time) with a keyed MAC,
 * so removing entries from the end - or all of them - is found too.  What a
 * database alone cannot show (the whole file replaced by an older copy, or
 * the head record put back as it was) an operator finds with a checkpoint
 * kept elsewhere: audit_checkpoint() signs the head now, and
 * audit_verify_against() checks a database against one.
 */
#ifndef ECAT_AUDIT_H
#define ECAT_AUDIT_H

#include <stdbool.h>
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

/* The version new entries are written with. */
#define AUDIT_VERSION 2

/* The chain's head: its newest entry's id and hash, when, and the MAC over them. */
struct audit_head {
        int64_t id; /* 0: the chain is empty */
        unsigned char hash[32];
        int64_t at;
        unsigned char mac[32];
};

struct audit_verdict {
        int64_t entries;
        bool unanchored;        /* a version-1 chain whose head carries no MAC yet */
        struct audit_head head; /* the head the chain ends at (when anchored) */
};

/*
 * Walk the whole chain and check its end against the head record; with
 * kept, also that the chain still holds kept's entry with kept's hash
 * (kept's MAC is checked by audit_head_parse's caller with
 * audit_head_valid).  Returns 0 when intact, 1 when broken (problem filled
 * in), -1 on a storage error.
 */
int audit_verify_against(struct db *db, const struct audit_head *kept, struct audit_verdict *v,
                         struct audit_problem *problem);
/* The same without a checkpoint; *count = entries. */
int audit_verify(struct db *db, int64_t *count, struct audit_problem *problem);

/*
 * Give the head record a MAC when it has none yet (a chain from before
 * schema 4, or a new database), in a transaction of its own.  A chain that
 * already holds version-2 entries is left as it is: an unanchored head there
 * was tampered with, and verification says so.
 */
enum store_rc audit_anchor(struct db *db);

/* Verify the chain, then the signed head: 0, 1 broken (problem), -1 storage error. */
int audit_checkpoint(struct db *db, struct audit_head *out, struct audit_problem *problem);
/* Whether head's MAC is right for the current key. */
bool audit_head_valid(const struct audit_head *head);

/* "ecat-audit-head-v1 ID HASH AT MAC", hex; and back (-1 when malformed). */
#define AUDIT_HEAD_TEXT 200
void audit_head_format(const struct audit_head *head, char out[AUDIT_HEAD_TEXT]);
int audit_head_parse(const char *text, struct audit_head *head);

#endif
