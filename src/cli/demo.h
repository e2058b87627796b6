/*
 * The demo data set's parts (demo.c: the programme; demo_cases.c: victims'
 * cases).  Both write through the doors the API uses, in the demo's one
 * write transaction.
 */
#ifndef ECAT_CLI_DEMO_H
#define ECAT_CLI_DEMO_H

#include <stdint.h>

#include "cli/cli.h"

/* The agencies doing case work in the demo and their case users' ids. */
struct demo_case_people {
        int64_t caritas, rahab, police;
        int64_t caritas_worker, caritas_manager, rahab_worker, rahab_manager, police_manager;
};

/* Invented cases showing every referral state; 0, or -1 after saying why. */
int demo_cases(struct cli *c, struct db *db, const struct demo_case_people *who);

#endif
