/*
 * Records to and from statements, driven by a column table (core/record.h).
 *
 * Statement shapes every resource follows, so that no resource binds or
 * reads by hand:
 *   - a SELECT of a resource returns its stored columns (column->sql set)
 *     in table order, each named (or aliased) as column->sql says, all but
 *     the COL_WRITE_ONLY ones, which are written and never read back;
 *   - an INSERT or UPDATE takes the written columns (stored and not
 *     COL_READ_ONLY) as ?1..?k in table order; what follows (the time, the
 *     actor, the row id) is numbered from k+1 by the resource's statements,
 *     see row_bind's return value.
 * Binding a parameter number a statement does not use is ignored by every
 * backend.
 *
 * Encrypted columns (COL_ENCRYPTED) pass through a cipher with what the
 * ciphertext is bound to: table, column, row id and key version.  A column
 * marked so is never bound or read without one: with no cipher, row_bind and
 * row_read fail.  A table whose rows may be sealed under different key
 * versions keeps the version in a COL_KEY_VERSION column: row_bind writes
 * the place's version there, and row_read opens the row's encrypted columns
 * under the version the row holds.
 */
#ifndef ECAT_ROWS_H
#define ECAT_ROWS_H

#include "core/arena.h"
#include "core/record.h"
#include "store/store.h"

/* What an encrypted value is bound to (its associated data). */
struct cipher_ad {
        const char *table;
        const char *column;
        int64_t row_id;
        int key_version;
};

/*
 * seal: plaintext p[0..len) to a ciphertext from a; open: back.  Both
 * return 0, or -1 when the value cannot be sealed or is refused on opening
 * (tampered, moved, another key).  The output is not NUL-terminated by seal;
 * open's plaintext is (text columns).
 */
struct row_cipher {
        void *ctx;
        int key_version; /* the version new ciphertexts are sealed under */
        int (*seal)(void *ctx, const struct cipher_ad *ad, const void *p, size_t len,
                    struct arena *a, const void **out, size_t *out_len);
        int (*open)(void *ctx, const struct cipher_ad *ad, const void *c, size_t len,
                    struct arena *a, const char **out);
        /*
         * Optional: the version a write seals under now, read in the writer's
         * transaction (a key rotation may have begun); -1 when it cannot be
         * read.  NULL: key_version.
         */
        int (*current)(void *ctx, struct db *db);
};

/* Where the rows of a table live, for the cipher's associated data. */
struct row_place {
        const char *table;
        int64_t row_id;
        const struct row_cipher *cipher; /* NULL: the table has no encrypted column */
        int key_version;                 /* a write's version; 0: the cipher's key_version */
};

/*
 * Bind the written columns of rec as ?first.. in table order; returns the
 * next free parameter number, or -1 when an encrypted column cannot be
 * sealed (nothing should then be stepped).  Null or absent values bind NULL;
 * text that is NULL binds NULL (the statement may coalesce).
 */
int row_bind(struct stmt *st, const struct column *cols, size_t n, const void *rec, int first,
             const struct row_place *place, struct arena *a);

/*
 * Fill rec from the current row of st: every stored column but the
 * COL_WRITE_ONLY ones, in table order from result column 0.  Text is copied
 * into a.  Sets rec's present bits for the columns read and null bits for
 * NULL values.  -1 when the arena is full or an encrypted value is refused
 * (logged with table, column and row).
 */
int row_read(struct stmt *st, const struct column *cols, size_t n, void *rec, struct arena *a,
             const struct row_place *place);

/*
 * Whether st's result columns are the columns row_read reads, by name and
 * in order; on a mismatch writes which into why.  The tests run it over
 * every resource's statements.
 */
bool row_shape_matches(struct stmt *st, const struct column *cols, size_t n, char *why,
                       size_t why_len);

#endif
