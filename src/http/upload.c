/* Request bodies streamed to a spool file (http/upload.h). */
#include "http/upload.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int upload_open(struct upload *u, const char *dir, uint64_t limit)
{
        memset(u, 0, sizeof(*u));
        u->fd = -1;
        u->limit = limit;
        int n = snprintf(u->path, sizeof(u->path), "%s/upload-XXXXXX", dir);
        if (n < 0 || (size_t)n >= sizeof(u->path)) {
                u->path[0] = '\0';
                errno = ENAMETOOLONG;
                return -1;
        }
        u->fd = mkostemp(u->path, O_CLOEXEC);
        if (u->fd < 0) {
                u->path[0] = '\0';
                return -1;
        }
        crypto_hash_sha256_init(&u->sha);
        return 0;
}

bool upload_write(struct upload *u, const void *data, size_t len)
{
        if (u->too_large || u->failed || u->fd < 0)
                return false;
        if (len > u->limit - u->size) {
                u->too_large = true;
                return false;
        }
        if (u->n_head < sizeof(u->head)) {
                size_t take = sizeof(u->head) - u->n_head;
                take = take < len ? take : len;
                memcpy(u->head + u->n_head, data, take);
                u->n_head += take;
        }
        crypto_hash_sha256_update(&u->sha, data, len);
        const char *p = data;
        size_t left = len;
        while (left) {
                ssize_t w = write(u->fd, p, left);
                if (w < 0 && errno == EINTR)
                        continue;
                if (w <= 0) {
                        u->failed = true;
                        return false;
                }
                p += w;
                left -= (size_t)w;
        }
        u->size += len;
        return true;
}

int upload_finish(struct upload *u, unsigned char sha256[32])
{
        if (u->failed || u->fd < 0 || fsync(u->fd) < 0)
                return -1;
        crypto_hash_sha256_final(&u->sha, sha256);
        return 0;
}

void upload_discard(struct upload *u)
{
        if (u->fd >= 0)
                (void)close(u->fd);
        u->fd = -1;
        if (u->path[0])
                (void)unlink(u->path);
        u->path[0] = '\0';
}
