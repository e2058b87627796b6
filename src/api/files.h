/*
 * The file store of materials and agreements' documents: files named by their SHA-256 (hex) under
 * DIR/ab/abcdef... (the first two characters as a directory), written once
 * and never changed, beside the database (setting file_dir; by default the
 * database's path with "-files").  DIR/tmp holds uploads being received.
 *
 * A file is placed and forgotten only inside a write transaction of the
 * database, so the check "does any material or agreement still have this file?" and the
 * placing of the same content by another upload never interleave, in this
 * process or another one on the same database.
 *
 * Types are found from the content (libmagic), never from a name, and only
 * these are kept: PDF, PNG, JPEG, MP4, WebM, ODT, DOCX, PPTX.
 */
#ifndef ECAT_FILES_H
#define ECAT_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "store/store.h"

#define FILE_HASH_HEX 65 /* 64 hex digits and a NUL */

/* The store's directory for cfg into out; -1 when it does not fit. */
int files_dir_of(const struct config *cfg, char *out, size_t size);
/*
 * Make the store's directories (0700) and empty tmp/ of uploads a stopped
 * process left; load the type database.  Before the sandbox closes.
 */
int files_init(const char *dir, char *err, size_t errlen);
void files_end(void);

/*
 * The type of the file open at fd when it is one the store keeps (its MIME
 * type, static text), else NULL with *found set to what it is (static or
 * libmagic text, for the message; "unknown" when even that failed).
 */
const char *files_sniff(int fd, const char **found);
/* The file name ending of an allowed type ("pdf"), or "bin". */
const char *files_extension(const char *type);
/* The allowed types, for messages: "PDF, PNG, ...". */
extern const char files_allowed_text[];

/*
 * Put the spool file at spool into the store as hash (inside the caller's
 * write transaction): renamed into place when the store does not have it
 * (*placed true; the spool is gone), left where it is when it does.
 * -1 on a file system failure.
 */
int files_place(const char *dir, const char *spool, const char *hash, bool *placed);
/* Open the file of hash for reading; its size in *size.  -1 (errno) when missing. */
int files_open(const char *dir, const char *hash, uint64_t *size);
/*
 * Remove the file of hash unless a material or an agreement still has it, in a write
 * transaction of its own on db.  0, or -1 (the file stays: harmless).
 */
int files_forget_unused(struct db *db, const char *dir, const char *hash);
/* Whether text is 64 lower-case hex digits. */
bool files_hash_valid(const char *text);

#endif
