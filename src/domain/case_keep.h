/*
 * Keeping case data over time: the operator's tasks `ecat key rotate` and
 * `ecat cases purge` (cli/cmd_case.c).
 *
 * Key rotation.  key_rotate_begin() adds the next field key version (so
 * every write from then on, by any process, seals under it: the cipher's
 * current() reads the newest version in the writer's transaction) unless a
 * rotation is still unfinished, which it resumes: some rows are on a version
 * older than the newest.  key_rotate_step() re-seals one batch of those rows
 * under the newest version in one write transaction: each encrypted column
 * opened under the row's own version (associated data as crypto/field.h)
 * and sealed again, the row's key_version moved, nothing else changed.  A
 * process killed at any point loses at most its open batch, which rolls
 * back; the next begin resumes.  A value that fails to open (tampered,
 * moved) stops the rotation with the row named (table and id only), and
 * nothing of that batch is written.
 *
 * What rotation protects against: a leaked version key or column key (the
 * old version's ciphertexts are gone once the rotation ends, so that key
 * opens nothing stored).  It does not replace the master key file, from
 * which every version is derived.
 *
 * Retention.  case_purge() erases the closed cases closed before a day:
 * their identifying fields set to NULL, their blind indexes and notes
 * deleted, the free texts of their referrals destroyed, erased_at set; the
 * coarse fields (status, gender, age band, exploitation, decisions),
 * consents, services, referral states and the access log stay, for
 * statistics and accountability.  Each erased case is audited "case.purge"
 * in the transaction that erases it.  An erased case is out of every scope:
 * no route finds it again.
 */
#ifndef ECAT_CASE_KEEP_H
#define ECAT_CASE_KEEP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/principal.h"
#include "store/store.h"

struct key_rotation {
        int version;   /* the version rows are re-sealed under */
        bool resumed;  /* an unfinished rotation was taken up */
        int64_t total; /* rows on older versions when it began */
        int64_t done;  /* rows re-sealed so far by this process */
        /* When a value cannot be opened: where (never what). */
        const char *bad_table;
        int64_t bad_id;
};

/* Start (or resume) a rotation; E_OK, or E_INTERNAL. */
enum ecat_err key_rotate_begin(struct db *db, const struct principal *who,
                               struct key_rotation *rot);

/*
 * Re-seal up to batch rows still on an older version; *sealed = how many
 * (0: the rotation is finished, and then it is audited "field_key.rotate").
 * E_INTERNAL on a store failure or a value that cannot be opened
 * (rot->bad_table, rot->bad_id).
 */
enum ecat_err key_rotate_step(struct db *db, const struct principal *who, struct key_rotation *rot,
                              int batch, int64_t *sealed);

/* Rows on a version older than version; -1 on failure. */
int64_t key_rows_behind(struct db *db, int version);

struct purge_item {
        int64_t id;
        const char *reference;
        int32_t closed_on;
};

/*
 * Erase (or, with dry_run, only list) the closed cases closed before day
 * before, each reported to each(); batches of up to 100 cases per
 * transaction.  *count = how many.  After erasing, the store is asked to
 * forget the old pages (the WAL emptied; secure_delete zeroes freed space).
 */
enum ecat_err case_purge(struct db *db, const struct principal *who, int32_t before, bool dry_run,
                         void (*each)(const struct purge_item *it, void *arg), void *arg,
                         int64_t *count);

#endif
