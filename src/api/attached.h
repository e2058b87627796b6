/*
 * The file a record holds: a material's file, an agreement's signed
 * document.  One file per record, kept in the file store (api/files.h) and
 * described on the record by four read-only columns - file_sha256,
 * file_type, file_name, file_size - that only these doors set:
 *
 *   PUT    …/{id}/file   the body is the file, any media type; streamed to a
 *          spool file while it arrives (http/upload.h, never held in memory;
 *          over material_file_limit: 413 and nothing kept), its type found
 *          from its content (415 for any type the store does not keep),
 *          stored under its SHA-256, and described on the record with its
 *          audit entry (NAME.file_upload) in one write transaction; ?name=
 *          gives the name it is downloaded under.  200 with the record.
 *   GET    …/{id}/file   the file, sent from disk with its type, its name as
 *          an attachment and its hash as the ETag (304 for If-None-Match).
 *   DELETE …/{id}/file   the record keeps no file (NAME.file_delete); 204.
 *
 * Writes are scoped as the record's own writes are (the resource's scope:
 * out of scope is 404, as a missing id).  A file no record has any more is
 * removed from the store; the same content uploaded twice is stored once.
 */
#ifndef ECAT_API_ATTACHED_H
#define ECAT_API_ATTACHED_H

#include "api/crud.h"
#include "store/store.h"

struct file_holder {
        const struct api_door *door; /* loads the record (NULL principal) and renders it */
        enum stmt_id set_file;       /* ?1 hash, ?2 type, ?3 name, ?4 size, ?5 time, ?6 id */
        /* The indexes of the four file columns in the resource's column table. */
        unsigned col_sha256, col_type, col_name;
};

void attached_put(struct request *r, const struct file_holder *h);
void attached_get(struct request *r, const struct file_holder *h);
void attached_delete(struct request *r, const struct file_holder *h);

/*
 * DELETE of the record itself (api_delete through h's door), then its file
 * removed from the store when nothing else has it.
 */
void attached_record_delete(struct request *r, const struct file_holder *h);

/*
 * The stored file's hash of record id into hash ("" when none or no such
 * record), read in the caller's transaction; -1 when it cannot be read.
 */
int attached_hash(struct request *r, struct db *db, const struct file_holder *h, int64_t id,
                  char hash[65]);

#endif
