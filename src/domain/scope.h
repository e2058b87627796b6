/*
 * Partner scope of programme writes.  In a consortium one partner's staff
 * must not change another partner's records, so every write door of the
 * programme asks one of these, through its resource's scope hook
 * (domain/resource.h), before it reads or writes anything else:
 *
 *   scope_partner(org)        an activity (org: its run_by) and an expense
 *                             (org: its partner's organisation): the
 *                             caller's organisation must be that one
 *   scope_partner_entry(id)   the same, for partner entry id (an expense's
 *                             partner_id); a partner that does not exist is
 *                             left to the door's rules (422)
 *   scope_lead(project)       a partner's role and allocation, the project's
 *                             settings and its indicators: the caller's
 *                             organisation must be a lead partner of the
 *                             project, or the project has no lead partner
 *                             yet (while it is being set up)
 *
 * Administrators (and the command line and the demo, which act as one) are
 * in scope everywhere, with or without an organisation.  Every other caller
 * without an organisation is in no partner's scope.  Results: E_OK,
 * E_NOT_FOUND (out of scope: the door answers it exactly as a missing id,
 * before anything is written), E_INTERNAL.  The roles themselves are still
 * the gate's: these only narrow what a role holding the action may touch.
 * Shared registry records (organisations) are not scoped.
 */
#ifndef ECAT_DOMAIN_SCOPE_H
#define ECAT_DOMAIN_SCOPE_H

#include <stdint.h>

#include "core/err.h"
#include "domain/principal.h"
#include "store/store.h"

enum ecat_err scope_partner(const struct principal *who, int64_t org_id);
enum ecat_err scope_partner_entry(struct db *db, const struct principal *who, int64_t partner_id);
enum ecat_err scope_lead(struct db *db, const struct principal *who, int64_t project_id);

#endif
