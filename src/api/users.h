/* Users as JSON and as stored rows, shared by the user and session handlers. */
#ifndef ECAT_API_USERS_H
#define ECAT_API_USERS_H

#include <jansson.h>
#include <stdint.h>

#include "store/store.h"

/* The user with id as a JSON object, or NULL when there is none. */
json_t *user_load(struct db *db, int64_t id);

#endif
