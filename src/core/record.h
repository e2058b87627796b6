/*
 * Records and their column tables.
 *
 * A resource (an activity, an organisation, a project...) is one C struct,
 * the record, and one constant array of struct column describing every field
 * of it: its API name, the column of the statements that read and write it,
 * its C offset and type, its bounds and flags.  That one array drives
 *
 *   - input: a JSON body or a CSV row is checked field by field into the
 *     record (api/validate.c), unknown names refused;
 *   - storage: the written columns are bound as ?1..?k in table order, and
 *     a row read back fills the record from its columns in table order
 *     (store/rows.h);
 *   - PATCH: the fields a body leaves out are taken from the stored record
 *     (record_merge);
 *   - output: JSON objects and CSV rows (api/render.c).
 *
 * so a resource's whole shape is readable in one array, and no resource
 * binds or reads columns by hand.
 *
 * Every record begins with struct record_head.  Bit i of present is set when
 * column i holds a value (given in the input, or read from a row); bit i of
 * nulls when that value is null.  A table has at most 64 columns.
 *
 * What each field type keeps at its offset:
 *   FT_TEXT, FT_ENUM  const char *  (arena copy; NULL when null)
 *   FT_INT            int64_t
 *   FT_BOOL           bool
 *   FT_DATE           int32_t       (days since 1970-01-01)
 *   FT_REAL           double
 *   FT_ENUM_SET       uint32_t      (bit k: values[k] chosen)
 *   FT_TEXT_LIST      const char *  (compact JSON array text of strings,
 *                                    each min..max characters, at most 50)
 *   FT_TIMESTAMP      int64_t       (seconds since the epoch; never input)
 *
 * Plain C: no third-party header, so the domain layer can hold the tables.
 */
#ifndef ECAT_RECORD_H
#define ECAT_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

enum field_type {
        FT_TEXT,
        FT_INT,
        FT_BOOL,
        FT_ENUM,
        FT_DATE,
        FT_REAL,
        FT_ENUM_SET,
        FT_TEXT_LIST,
        FT_TIMESTAMP,
};

enum {
        FIELD_REQUIRED = 1 << 0,  /* must be given on create */
        FIELD_NULLABLE = 1 << 1,  /* may be null (cleared); renders null when empty */
        FIELD_MULTILINE = 1 << 2, /* text may hold newlines and tabs */
        FIELD_SECRET = 1 << 3,    /* never echoed in messages */
        COL_READ_ONLY = 1 << 4,  /* read and rendered, never input nor written (id, times, joins) */
        COL_NO_INPUT = 1 << 5,   /* written, but set by the door (a path id), not by the body */
        COL_HIDDEN = 1 << 6,     /* never rendered (a hash, a key version) */
        COL_ENCRYPTED = 1 << 7,  /* stored only as a ciphertext (store/rows.h's cipher hook) */
        COL_SEARCHABLE = 1 << 8, /* kept in the resource's search index */
        COL_WRITE_ONLY = 1 << 9, /* written, never read back nor rendered (a password hash) */
        /*
         * FT_INT: the key version the row's encrypted columns are sealed
         * under; written as the version of the write (store/rows.h), never input.
         */
        COL_KEY_VERSION = 1 << 10,
        /*
         * Money (cents): rendered only for callers holding budget.read
         * (api/render.h, record_json_as with COL_MONEY), on every route.
         */
        COL_MONEY = 1 << 11,
};

struct column {
        const char *name; /* API and CSV name */
        const char *sql;  /* result column name in the resource's statements; NULL: not stored */
        enum field_type type;
        unsigned flags;
        size_t offset;             /* in the record */
        int64_t min, max;          /* FT_TEXT, FT_TEXT_LIST items: characters; FT_INT: value */
        double dmin, dmax;         /* FT_REAL */
        const char *const *values; /* FT_ENUM, FT_ENUM_SET: NULL-terminated */
};

struct record_head {
        uint64_t present;
        uint64_t nulls;
};

#define RECORD_MAX_COLUMNS 64

#define REC_HAS(rec, i)  ((((const struct record_head *)(rec))->present >> (i)) & 1u)
#define REC_NULL(rec, i) ((((const struct record_head *)(rec))->nulls >> (i)) & 1u)
/* Given and not null. */
#define REC_GIVEN(rec, i) (REC_HAS(rec, i) && !REC_NULL(rec, i))

/* Mark column i of rec as given (a record filled in by code rather than parsed). */
static inline void record_give(void *rec, size_t i)
{
        ((struct record_head *)rec)->present |= UINT64_C(1) << i;
}

/* Whether a column takes input, is written to the store, is read from it. */
static inline bool column_is_input(const struct column *c)
{
        return !(c->flags & (COL_READ_ONLY | COL_NO_INPUT));
}
static inline bool column_is_written(const struct column *c)
{
        return c->sql && !(c->flags & COL_READ_ONLY);
}
static inline bool column_is_stored(const struct column *c)
{
        return c->sql != NULL;
}
/* Read back from the store: a SELECT of the resource returns it (COL_WRITE_ONLY ones never). */
static inline bool column_is_read(const struct column *c)
{
        return c->sql && !(c->flags & COL_WRITE_ONLY);
}

/*
 * What was wrong with a record: up to RECORD_MAX_COLUMNS (field, message)
 * pairs, the first message for a field kept, and optionally one message for
 * the whole (a conflict, "no such project").  Messages are static text or
 * come from arena (which the caller provides and frees).
 */
struct problems {
        struct arena *arena;
        const char *message;
        size_t n;
        struct {
                const char *field;
                const char *text;
        } item[RECORD_MAX_COLUMNS];
};

void problems_init(struct problems *p, struct arena *a);
/* Add field: text, unless field already has a message (then the first stays). */
void problem_add(struct problems *p, const char *field, const char *text);
bool problem_has(const struct problems *p, const char *field);
/* A printf-formatted message from the arena, or fallback when it is full. */
const char *problem_printf(struct problems *p, const char *fallback, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * One input value as it came, before its column's type is applied: JSON
 * and CSV both reduce to these.  V_LIST items are strings (a JSON array of
 * anything else is V_OTHER_LIST).
 */
enum value_kind { V_NULL, V_STRING, V_INT, V_REAL, V_BOOL, V_LIST, V_OTHER_LIST, V_OTHER };

struct value {
        enum value_kind kind;
        const char *s; /* V_STRING: the text (may hold NUL bytes), len bytes */
        size_t len;
        int64_t i;
        double d;
        bool b;
        size_t n_items; /* V_LIST, V_OTHER_LIST */
        const char *const *items;
        const size_t *item_lens;
};

/*
 * Check v against column c and, when it fits, store it in rec (text copied
 * into a).  Returns NULL when valid, else the message for the field.  A
 * V_NULL is not handled here (see record_set_null).  FT_TEXT_LIST values
 * become JSON array text.
 */
const char *record_set(struct arena *a, const struct column *c, const struct value *v, void *rec);

/*
 * Mark column i of rec given (present); null: as an explicit null, which is
 * refused (message returned) unless the column is FIELD_NULLABLE.
 */
const char *record_mark(const struct column *cols, size_t i, void *rec, bool null);

/* Add "is required" for every FIELD_REQUIRED input column rec does not hold. */
void record_require(const struct column *cols, size_t n, const void *rec, struct problems *p);

/*
 * A PATCH: for every column that patch does not hold, take stored's value
 * (pointers are copied, so stored's text must outlive patch).  Afterwards
 * patch holds the whole record.
 */
void record_merge(const struct column *cols, size_t n, void *patch, const void *stored);

/* Index of the column named name, or -1. */
int column_index(const struct column *cols, size_t n, const char *name);

/* Index of value in a NULL-terminated list, or -1. */
int enum_index(const char *const *values, const char *value);

/* Whether s[0..len) holds a control character (newlines and tabs allowed when multiline). */
bool text_has_control(const char *s, size_t len, bool multiline);

/* Field access by column. */
#define REC_FIELD(rec, c, type) ((type *)((char *)(rec) + (c)->offset))

#endif
