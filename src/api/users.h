/*
 * Users over HTTP: the door table of api/crud.h.  The user's record, column
 * table, rules and doors are in domain/user.h; the session and locale
 * handlers answer with the user as user_api renders it.
 */
#ifndef ECAT_API_USERS_H
#define ECAT_API_USERS_H

#include "api/crud.h"
#include "domain/user.h"

extern const struct api_door user_api;

#endif
