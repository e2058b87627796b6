/*
 * A request body streamed to a file instead of memory (a material's file):
 * each chunk libmicrohttpd hands over is written to a spool file in the
 * file store's tmp/ directory and hashed (SHA-256) on the way, so a 50 MiB
 * upload costs the server a few kilobytes of memory.  Past its limit the
 * upload is marked too large and nothing more is written; the spool file is
 * removed when the request ends unless a handler has taken it.
 */
#ifndef ECAT_UPLOAD_H
#define ECAT_UPLOAD_H

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct upload {
        int fd;          /* the spool file; -1 when closed */
        char path[1024]; /* its name; "" once taken or removed */
        uint64_t size, limit;
        bool too_large, failed; /* over limit; a write failed */
        crypto_hash_sha256_state sha;
        unsigned char head[64]; /* the first bytes, for a quick look at the type */
        size_t n_head;
};

/* Open a spool file in dir (which must exist); -1 with errno set. */
int upload_open(struct upload *u, const char *dir, uint64_t limit);
/* Write one chunk; false once the upload is over its limit or a write failed. */
bool upload_write(struct upload *u, const void *data, size_t len);
/* Flush the file to disk and give its hash; -1 on a failed write or fsync. */
int upload_finish(struct upload *u, unsigned char sha256[32]);
/* Close and remove the spool file (when not taken). */
void upload_discard(struct upload *u);

#endif
