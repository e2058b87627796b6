#include "http/static.h"

#include "core/log.h"
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define STATIC_MAX_FILES 2048
#define STATIC_MAX_BYTES (64u << 20)
#define STATIC_MAX_DEPTH 8

struct static_file {
        char *path; /* "/app.js" */
        const char *type;
        unsigned char *data;
        size_t len;
        unsigned char *gz; /* gzip form when smaller, else NULL */
        size_t gz_len;
        char etag[36];
        bool immutable; /* under /vendor/: versioned path, cached for a year */
};

struct static_files {
        struct static_file *files;
        size_t n, cap;
        size_t bytes;
};

static const struct {
        const char *ext;
        const char *type;
        bool compress;
} types[] = {
    {".html", "text/html; charset=utf-8", true},
    {".js", "text/javascript; charset=utf-8", true},
    {".mjs", "text/javascript; charset=utf-8", true},
    {".css", "text/css; charset=utf-8", true},
    {".json", "application/json", true},
    {".geojson", "application/geo+json", true},
    {".svg", "image/svg+xml", true},
    {".png", "image/png", false},
    {".ico", "image/x-icon", false},
    {".woff2", "font/woff2", false},
    {".txt", "text/plain; charset=utf-8", true},
};

static int file_type(const char *name, const char **type, bool *compress)
{
        const char *dot = strrchr(name, '.');
        if (!dot)
                return -1;
        for (size_t i = 0; i < ARRAY_LEN(types); i++)
                if (strcmp(dot, types[i].ext) == 0) {
                        *type = types[i].type;
                        *compress = types[i].compress;
                        return 0;
                }
        return -1;
}

static int gzip_data(const unsigned char *in, size_t len, unsigned char **out, size_t *out_len)
{
        z_stream z = {0};
        if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
                return -1;
        size_t cap = deflateBound(&z, (uLong)len);
        unsigned char *buf = malloc(cap);
        if (!buf) {
                deflateEnd(&z);
                return -1;
        }
        z.next_in = (unsigned char *)in;
        z.avail_in = (uInt)len;
        z.next_out = buf;
        z.avail_out = (uInt)cap;
        int rc = deflate(&z, Z_FINISH);
        *out_len = z.total_out;
        deflateEnd(&z);
        if (rc != Z_STREAM_END) {
                free(buf);
                return -1;
        }
        *out = buf;
        return 0;
}

static int read_file(const char *fs_path, unsigned char **data, size_t *len)
{
        int fd = open(fs_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
                return -1;
        struct stat sb;
        if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_size > (off_t)STATIC_MAX_BYTES) {
                close(fd);
                return -1;
        }
        unsigned char *p = malloc((size_t)sb.st_size + 1);
        size_t got = 0;
        while (p && got < (size_t)sb.st_size) {
                ssize_t n = read(fd, p + got, (size_t)sb.st_size - got);
                if (n <= 0)
                        break;
                got += (size_t)n;
        }
        close(fd);
        if (!p || got != (size_t)sb.st_size) {
                free(p);
                return -1;
        }
        *data = p;
        *len = got;
        return 0;
}

static int add_file(struct static_files *f, const char *fs_path, const char *web_path, char *err,
                    size_t errlen)
{
        const char *type;
        bool compress;
        if (file_type(web_path, &type, &compress) < 0)
                return 0; /* not a kind of file the interface serves */
        if (f->n >= STATIC_MAX_FILES) {
                snprintf(err, errlen, "web directory: more than %d files", STATIC_MAX_FILES);
                return -1;
        }
        if (f->n == f->cap) {
                size_t cap = f->cap ? f->cap * 2 : 64;
                struct static_file *p = realloc(f->files, cap * sizeof(*p));
                if (!p)
                        return -1;
                f->files = p;
                f->cap = cap;
        }
        struct static_file *sf = &f->files[f->n];
        memset(sf, 0, sizeof(*sf));
        if (read_file(fs_path, &sf->data, &sf->len) < 0) {
                snprintf(err, errlen, "web directory: cannot read %s", fs_path);
                return -1;
        }
        f->bytes += sf->len;
        if (f->bytes > STATIC_MAX_BYTES) {
                free(sf->data);
                snprintf(err, errlen, "web directory: over %u bytes in all", STATIC_MAX_BYTES);
                return -1;
        }
        sf->path = strdup(web_path);
        sf->type = type;
        sf->immutable = strncmp(web_path, "/vendor/", 8) == 0;
        unsigned char h[16];
        crypto_generichash(h, sizeof(h), sf->data, sf->len, NULL, 0);
        sf->etag[0] = '"';
        hex_encode(h, sizeof(h), sf->etag + 1);
        sf->etag[33] = '"';
        sf->etag[34] = '\0';
        if (compress && sf->len > 256 && gzip_data(sf->data, sf->len, &sf->gz, &sf->gz_len) == 0 &&
            sf->gz_len >= sf->len) {
                free(sf->gz);
                sf->gz = NULL;
        }
        f->n++;
        return 0;
}

static int walk(struct static_files *f, const char *dir, const char *prefix, int depth, char *err,
                size_t errlen)
{
        if (depth > STATIC_MAX_DEPTH)
                return 0;
        DIR *d = opendir(dir);
        if (!d) {
                snprintf(err, errlen, "web directory %s: %s", dir, strerror(errno));
                return -1;
        }
        struct dirent *e;
        int rc = 0;
        while (rc == 0 && (e = readdir(d))) {
                if (e->d_name[0] == '.')
                        continue;
                char fs_path[1024], web_path[1024];
                if (snprintf(fs_path, sizeof(fs_path), "%s/%s", dir, e->d_name) >=
                        (int)sizeof(fs_path) ||
                    snprintf(web_path, sizeof(web_path), "%s/%s", prefix, e->d_name) >=
                        (int)sizeof(web_path))
                        continue;
                struct stat sb;
                if (lstat(fs_path, &sb) < 0)
                        continue;
                if (S_ISDIR(sb.st_mode))
                        rc = walk(f, fs_path, web_path, depth + 1, err, errlen);
                else if (S_ISREG(sb.st_mode))
                        rc = add_file(f, fs_path, web_path, err, errlen);
        }
        closedir(d);
        return rc;
}

static int cmp_file(const void *a, const void *b)
{
        return strcmp(((const struct static_file *)a)->path, ((const struct static_file *)b)->path);
}

struct static_files *static_load(const char *dir, char *err, size_t errlen)
{
        struct static_files *f = calloc(1, sizeof(*f));
        if (!f)
                return NULL;
        if (walk(f, dir, "", 0, err, errlen) < 0) {
                static_free(f);
                return NULL;
        }
        if (f->n)
                qsort(f->files, f->n, sizeof(*f->files), cmp_file);
        return f;
}

void static_free(struct static_files *f)
{
        if (!f)
                return;
        for (size_t i = 0; i < f->n; i++) {
                free(f->files[i].path);
                free(f->files[i].data);
                free(f->files[i].gz);
        }
        free(f->files);
        free(f);
}

size_t static_count(const struct static_files *f)
{
        return f ? f->n : 0;
}

static bool accepts_gzip(const char *ae)
{
        /* Good enough for browsers: "gzip" listed and not with q=0. */
        const char *p = ae ? strstr(ae, "gzip") : NULL;
        return p && strncmp(p + 4, ";q=0", 4) != 0;
}

bool static_serve(const struct static_files *f, struct request *r)
{
        if (!f || !f->n || !r->path || strncmp(r->path, "/api/", 5) == 0)
                return false;
        struct static_file key = {
            .path = (char *)(strcmp(r->path, "/") == 0 ? "/index.html" : r->path)};
        const struct static_file *sf = bsearch(&key, f->files, f->n, sizeof(*f->files), cmp_file);
        if (!sf)
                return false;
        req_add_header(r, "ETag", sf->etag);
        req_add_header(r, "Cache-Control",
                       sf->immutable ? "public, max-age=31536000, immutable" : "no-cache");
        req_add_header(r, "Vary", "Accept-Encoding");
        r->resp_type = sf->type;
        if (r->if_none_match && strstr(r->if_none_match, sf->etag)) {
                r->status = 304;
                r->resp_body = "";
                r->resp_len = 0;
                return true;
        }
        r->status = 200;
        if (sf->gz && accepts_gzip(r->accept_encoding)) {
                req_add_header(r, "Content-Encoding", "gzip");
                r->resp_body = (const char *)sf->gz;
                r->resp_len = sf->gz_len;
        } else {
                r->resp_body = (const char *)sf->data;
                r->resp_len = sf->len;
        }
        return true;
}
