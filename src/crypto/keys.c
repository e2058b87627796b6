#include "crypto/keys.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_FILE_MAGIC "ecat-key-v1\n"

int key_file_create(const char *path, char *err, size_t errlen)
{
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) {
                snprintf(err, errlen, "cannot create key file %s: %s", path, strerror(errno));
                return -1;
        }
        unsigned char key[KEY_BYTES];
        char hex[KEY_BYTES * 2 + 1];
        crypto_kdf_keygen(key);
        sodium_bin2hex(hex, sizeof(hex), key, sizeof(key));
        char text[sizeof(KEY_FILE_MAGIC) + sizeof(hex) + 1];
        int n = snprintf(text, sizeof(text), "%s%s\n", KEY_FILE_MAGIC, hex);
        ssize_t w = write(fd, text, (size_t)n);
        int rc = (w == n && fsync(fd) == 0) ? 0 : -1;
        if (rc < 0)
                snprintf(err, errlen, "cannot write key file %s: %s", path, strerror(errno));
        close(fd);
        sodium_memzero(key, sizeof(key));
        sodium_memzero(hex, sizeof(hex));
        sodium_memzero(text, sizeof(text));
        if (rc < 0)
                unlink(path);
        return rc;
}

int key_file_load(const char *path, unsigned char key[KEY_BYTES], char *err, size_t errlen)
{
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
                snprintf(err, errlen, "cannot open key file %s: %s", path, strerror(errno));
                return -1;
        }
        struct stat sb;
        if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
                snprintf(err, errlen, "key file %s is not a regular file", path);
                close(fd);
                return -1;
        }
        if (sb.st_mode & 077) {
                snprintf(err, errlen, "key file %s is readable by others (mode %03o); chmod 600 it",
                         path, (unsigned)(sb.st_mode & 0777));
                close(fd);
                return -1;
        }
        char text[128];
        ssize_t n = read(fd, text, sizeof(text) - 1);
        close(fd);
        const size_t want = sizeof(KEY_FILE_MAGIC) - 1 + (size_t)KEY_BYTES * 2;
        if (n < (ssize_t)want || memcmp(text, KEY_FILE_MAGIC, sizeof(KEY_FILE_MAGIC) - 1) != 0) {
                snprintf(err, errlen, "key file %s is not an ecat key file", path);
                sodium_memzero(text, sizeof(text));
                return -1;
        }
        size_t bin_len = 0;
        int rc = sodium_hex2bin(key, KEY_BYTES, text + sizeof(KEY_FILE_MAGIC) - 1,
                                (size_t)KEY_BYTES * 2, NULL, &bin_len, NULL);
        sodium_memzero(text, sizeof(text));
        if (rc != 0 || bin_len != KEY_BYTES) {
                snprintf(err, errlen, "key file %s is damaged", path);
                return -1;
        }
        return 0;
}

void key_derive(const unsigned char master[KEY_BYTES], enum key_purpose purpose,
                unsigned char out[KEY_BYTES])
{
        crypto_kdf_derive_from_key(out, KEY_BYTES, (uint64_t)purpose, "ecat-key", master);
}
