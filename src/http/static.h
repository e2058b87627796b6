/*
 * The web interface's files: a fixed set read into memory at start-up from
 * one directory.  A request only ever selects an entry of that set by exact
 * name; no request path reaches the file system.
 */
#ifndef ECAT_STATIC_H
#define ECAT_STATIC_H

#include <stdbool.h>
#include <stddef.h>

#include "http/request.h"

struct static_files;

/* Read every regular file under dir; NULL with err set on failure. */
struct static_files *static_load(const char *dir, char *err, size_t errlen);
void static_free(struct static_files *f);
size_t static_count(const struct static_files *f);
/* Answer r from the set when its path names a file (or "/" the index); false otherwise. */
bool static_serve(const struct static_files *f, struct request *r);

#endif
