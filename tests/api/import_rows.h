/*
 * The rows of distributions, agreements and materials as one text each
 * (count, then every row's columns), for comparing two databases or one
 * database before and after a round trip through CSV.
 */
#ifndef ECAT_TEST_IMPORT_ROWS_H
#define ECAT_TEST_IMPORT_ROWS_H

#define DIST_ROWS                                                                                  \
        "SELECT count(*) || ':' || coalesce(group_concat(r, ';'), '') FROM (SELECT material_id "   \
        "|| ',' || project_id || ',' || run_by || ',' || coalesce(organisation_id, '') || ',' || " \
        "coalesce(activity_id, '') || ',' || audience || ',' || quantity || ',' || date || ',' "   \
        "|| notes AS r FROM distributions ORDER BY 1)"
#define AGREEMENT_ROWS                                                                             \
        "SELECT count(*) || ':' || coalesce(group_concat(r, ';'), '') FROM (SELECT "               \
        "organisation_id || ',' || project_id || ',' || run_by || ',' || kind || ',' || "          \
        "coalesce(signed, '') || ',' || coalesce(expires, '') || ',' || status || ',' || "         \
        "coalesce(notes, '') AS r FROM agreements ORDER BY 1)"
#define MATERIAL_ROWS                                                                              \
        "SELECT count(*) || ':' || coalesce(group_concat(r, ';'), '') FROM (SELECT id || ',' || "  \
        "title || ',' || kind || ',' || languages || ',' || audiences || ',' || version || ',' "   \
        "|| description || ',' || coalesce(project_id, '') AS r FROM materials ORDER BY id)"

#endif
