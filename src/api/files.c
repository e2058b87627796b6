/* The file store of materials and agreements (api/files.h). */
#include "api/files.h"

#include "core/log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <magic.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
        const char *type, *ext;
} allowed[] = {
    {"application/pdf", "pdf"},
    {"image/png", "png"},
    {"image/jpeg", "jpg"},
    {"video/mp4", "mp4"},
    {"video/webm", "webm"},
    {"application/vnd.oasis.opendocument.text", "odt"},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"},
    {"application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"},
};

const char files_allowed_text[] = "PDF, PNG, JPEG, MP4, WebM, ODT, DOCX, PPTX";

/* libmagic's handle is not safe to share between threads: one call at a time. */
static struct {
        pthread_mutex_t lock;
        magic_t cookie;
} sniffer = {.lock = PTHREAD_MUTEX_INITIALIZER};

int files_dir_of(const struct config *cfg, char *out, size_t size)
{
        int n = cfg->file_dir[0] ? snprintf(out, size, "%s", cfg->file_dir)
                                 : snprintf(out, size, "%s-files", cfg->db);
        return n < 0 || (size_t)n >= size ? -1 : 0;
}

static int make_dir(const char *path, char *err, size_t errlen)
{
        if (mkdir(path, 0700) == 0 || errno == EEXIST)
                return 0;
        snprintf(err, errlen, "file store: cannot make %s: %s", path, strerror(errno));
        return -1;
}

int files_init(const char *dir, char *err, size_t errlen)
{
        char tmp[1024];
        int n = snprintf(tmp, sizeof(tmp), "%s/tmp", dir);
        if (n < 0 || (size_t)n >= sizeof(tmp)) {
                snprintf(err, errlen, "file store: the path %s is too long", dir);
                return -1;
        }
        if (make_dir(dir, err, errlen) < 0 || make_dir(tmp, err, errlen) < 0)
                return -1;
        /* Uploads a stopped process was receiving are of no use to anyone. */
        DIR *d = opendir(tmp);
        for (struct dirent *e = d ? readdir(d) : NULL; e; e = readdir(d))
                if (strncmp(e->d_name, "upload-", 7) == 0)
                        (void)unlinkat(dirfd(d), e->d_name, 0);
        if (d)
                (void)closedir(d);
        pthread_mutex_lock(&sniffer.lock);
        if (!sniffer.cookie) {
                /* Types only; no look inside compressed data, no helper processes. */
                sniffer.cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS |
                                            MAGIC_NO_CHECK_ELF | MAGIC_ERROR);
                if (sniffer.cookie && magic_load(sniffer.cookie, NULL) < 0) {
                        snprintf(err, errlen, "file store: cannot load the type database: %s",
                                 magic_error(sniffer.cookie));
                        magic_close(sniffer.cookie);
                        sniffer.cookie = NULL;
                        pthread_mutex_unlock(&sniffer.lock);
                        return -1;
                }
        }
        bool ok = sniffer.cookie != NULL;
        pthread_mutex_unlock(&sniffer.lock);
        if (!ok)
                snprintf(err, errlen, "file store: cannot start libmagic");
        return ok ? 0 : -1;
}

void files_end(void)
{
        pthread_mutex_lock(&sniffer.lock);
        if (sniffer.cookie)
                magic_close(sniffer.cookie);
        sniffer.cookie = NULL;
        pthread_mutex_unlock(&sniffer.lock);
}

const char *files_sniff(int fd, const char **found)
{
        *found = "unknown";
        if (lseek(fd, 0, SEEK_SET) < 0)
                return NULL;
        const char *type = NULL;
        pthread_mutex_lock(&sniffer.lock);
        const char *t = sniffer.cookie ? magic_descriptor(sniffer.cookie, fd) : NULL;
        for (size_t i = 0; t && i < sizeof(allowed) / sizeof(allowed[0]); i++)
                if (strcmp(t, allowed[i].type) == 0)
                        type = allowed[i].type;
        /* libmagic's text lives until its next call: name a known one, or a generic word. */
        if (!type && t)
                *found = strncmp(t, "text/", 5) == 0         ? "text"
                         : strcmp(t, "application/zip") == 0 ? "a ZIP archive"
                         : strncmp(t, "image/", 6) == 0      ? "another image type"
                         : strncmp(t, "video/", 6) == 0      ? "another video type"
                                                             : "another type";
        pthread_mutex_unlock(&sniffer.lock);
        return type;
}

const char *files_extension(const char *type)
{
        for (size_t i = 0; type && i < sizeof(allowed) / sizeof(allowed[0]); i++)
                if (strcmp(type, allowed[i].type) == 0)
                        return allowed[i].ext;
        return "bin";
}

bool files_hash_valid(const char *text)
{
        size_t i = 0;
        for (; text && text[i]; i++)
                if (!((text[i] >= '0' && text[i] <= '9') || (text[i] >= 'a' && text[i] <= 'f')))
                        return false;
        return i == 64;
}

/* DIR/ab and DIR/ab/<hash>; -1 when the hash is not one or the path does not fit. */
static int paths(const char *dir, const char *hash, char sub[1024], char file[1024])
{
        if (!files_hash_valid(hash))
                return -1;
        int a = snprintf(sub, 1024, "%s/%.2s", dir, hash);
        int b = snprintf(file, 1024, "%s/%.2s/%s", dir, hash, hash);
        return a < 0 || a >= 1024 || b < 0 || b >= 1024 ? -1 : 0;
}

static int sync_dir(const char *path)
{
        int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -1;
        int rc = fsync(fd);
        (void)close(fd);
        return rc;
}

int files_place(const char *dir, const char *spool, const char *hash, bool *placed)
{
        char sub[1024], file[1024];
        *placed = false;
        if (paths(dir, hash, sub, file) < 0)
                return -1;
        struct stat st;
        if (stat(file, &st) == 0)
                return 0; /* the same content is stored already */
        if (errno != ENOENT || (mkdir(sub, 0700) < 0 && errno != EEXIST))
                return -1;
        if (rename(spool, file) < 0)
                return -1;
        *placed = true;
        /* The new name must survive a crash once the row naming it has committed. */
        if (sync_dir(sub) < 0 || sync_dir(dir) < 0)
                return -1;
        return 0;
}

int files_open(const char *dir, const char *hash, uint64_t *size)
{
        char sub[1024], file[1024];
        if (paths(dir, hash, sub, file) < 0) {
                errno = EINVAL;
                return -1;
        }
        int fd = open(file, O_RDONLY | O_CLOEXEC);
        struct stat st;
        if (fd >= 0 && fstat(fd, &st) < 0) {
                (void)close(fd);
                return -1;
        }
        if (fd >= 0)
                *size = (uint64_t)st.st_size;
        return fd;
}

int files_forget_unused(struct db *db, const char *dir, const char *hash)
{
        char sub[1024], file[1024];
        if (paths(dir, hash, sub, file) < 0 || db_begin_write(db) != STORE_OK)
                return -1;
        struct stmt *st = db_prepare(db, STMT_FILE_USED);
        int rc = -1;
        if (st) {
                st_bind_text(st, 1, hash);
                enum store_rc step = st_step(st);
                bool used = step != STORE_ROW || st_int(st, 0) != 0;
                st_reset(st);
                if (step == STORE_ROW && !used && unlink(file) < 0 && errno != ENOENT)
                        log_warn("msg=\"cannot remove an unused stored file\" errno=%d", errno);
                rc = step == STORE_ROW ? 0 : -1;
        }
        if (db_commit(db) != STORE_OK) {
                db_rollback(db);
                rc = -1;
        }
        return rc;
}
