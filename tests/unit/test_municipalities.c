/* The municipality list: the 60 of Lithuania, unique, inside the country, findable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/util.h"
#include "domain/municipalities.h"

static void test_count_is_60(void **state)
{
        (void)state;
        assert_int_equal(municipality_count(), 60);
        assert_null(municipality_at(60));
        size_t kinds[3] = {0, 0, 0};
        for (size_t i = 0; i < municipality_count(); i++)
                kinds[municipality_at(i)->kind]++;
        assert_int_equal(kinds[MUNI_CITY], 7);
        assert_int_equal(kinds[MUNI_DISTRICT], 43);
        assert_int_equal(kinds[MUNI_OTHER], 10);
}

static void test_names_unique_and_well_formed(void **state)
{
        (void)state;
        for (size_t i = 0; i < municipality_count(); i++) {
                const struct municipality *m = municipality_at(i);
                size_t len = strlen(m->name);
                assert_true(len > 0 && len <= 100);
                assert_true(utf8_valid(m->name, len));
                const char *suffix = m->kind == MUNI_CITY       ? " city"
                                     : m->kind == MUNI_DISTRICT ? " district"
                                                                : NULL;
                if (suffix) {
                        assert_true(len > strlen(suffix));
                        assert_string_equal(m->name + len - strlen(suffix), suffix);
                } else {
                        assert_null(strstr(m->name, " city"));
                        assert_null(strstr(m->name, " district"));
                }
                for (size_t k = i + 1; k < municipality_count(); k++)
                        assert_string_not_equal(m->name, municipality_at(k)->name);
                /* Exact lookup finds each one, and the loose one agrees. */
                assert_ptr_equal(municipality_by_name(m->name), m);
                assert_ptr_equal(municipality_lookup(m->name), m);
        }
}

static void test_centres_inside_lithuania(void **state)
{
        (void)state;
        for (size_t i = 0; i < municipality_count(); i++) {
                const struct municipality *m = municipality_at(i);
                if (m->lat < 53.89 || m->lat > 56.45 || m->lon < 20.93 || m->lon > 26.84)
                        fail_msg("%s lies outside Lithuania (%f, %f)", m->name, m->lat, m->lon);
                /* No two share a point: a city and its district are told apart on a map. */
                for (size_t k = i + 1; k < municipality_count(); k++)
                        assert_false(m->lat == municipality_at(k)->lat &&
                                     m->lon == municipality_at(k)->lon);
        }
}

static void test_known_names(void **state)
{
        (void)state;
        static const char *const expected[] = {
            "Vilnius city",      "Vilnius district",   "Kaunas city", "Šiauliai city",
            "Šiauliai district", "Panevėžys district", "Birštonas",   "Kazlų Rūda",
            "Marijampolė",       "Palanga city",       "Neringa",     "Visaginas",
            "Zarasai district",  "Akmenė district"};
        for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
                if (!municipality_by_name(expected[i]))
                        fail_msg("missing %s", expected[i]);
        assert_null(municipality_by_name("Vilnius"));
        assert_null(municipality_by_name("vilnius city"));
        assert_null(municipality_by_name(NULL));
}

static void test_loose_lookup(void **state)
{
        (void)state;
        assert_string_equal(municipality_lookup("siauliai city")->name, "Šiauliai city");
        assert_string_equal(municipality_lookup("  ŠIAULIAI   District ")->name,
                            "Šiauliai district");
        assert_string_equal(municipality_lookup("kazlu ruda")->name, "Kazlų Rūda");
        assert_string_equal(municipality_lookup("PANEVĖŽYS CITY")->name, "Panevėžys city");
        assert_string_equal(municipality_lookup("Panevezys city")->name, "Panevėžys city");
        /* A bare name only where it cannot mean a district. */
        assert_string_equal(municipality_lookup("Palanga")->name, "Palanga city");
        assert_null(municipality_lookup("Vilnius"));
        assert_null(municipality_lookup("Kaunas"));
        assert_null(municipality_lookup("Kazlu"));
        assert_null(municipality_lookup(""));
        assert_null(municipality_lookup("   "));
        assert_null(municipality_lookup("Camden"));
        assert_null(municipality_lookup(NULL));
        char longname[400];
        memset(longname, 'a', sizeof(longname) - 1);
        longname[sizeof(longname) - 1] = '\0';
        assert_null(municipality_lookup(longname));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_count_is_60),
            cmocka_unit_test(test_names_unique_and_well_formed),
            cmocka_unit_test(test_centres_inside_lithuania),
            cmocka_unit_test(test_known_names),
            cmocka_unit_test(test_loose_lookup),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
