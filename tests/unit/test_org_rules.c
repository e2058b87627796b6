/* Organisation contact-field shapes and country codes (domain/org.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "domain/org.h"

static void test_email(void **state)
{
        (void)state;
        assert_true(email_valid("info@caritas.lt"));
        assert_true(email_valid("a.b+c@mail.example.org"));
        assert_true(email_valid("x@y.z"));
        assert_false(email_valid(""));
        assert_false(email_valid("info"));
        assert_false(email_valid("@caritas.lt"));
        assert_false(email_valid("info@"));
        assert_false(email_valid("info@localhost"));
        assert_false(email_valid("info@@caritas.lt"));
        assert_false(email_valid("a@b@caritas.lt"));
        assert_false(email_valid("info @caritas.lt"));
        assert_false(email_valid("info@.caritas.lt"));
        assert_false(email_valid("info@caritas.lt."));
        assert_false(email_valid("info@caritas..lt"));
        char big[300];
        memset(big, 'a', sizeof(big));
        memcpy(big + sizeof(big) - 8, "@ab.com", 8); /* 299 bytes */
        assert_false(email_valid(big));
        memmove(big, big + 45, sizeof(big) - 45); /* 254 bytes */
        assert_int_equal(strlen(big), 254);
        assert_true(email_valid(big));
}

static void test_website(void **state)
{
        (void)state;
        assert_true(website_valid("https://www.caritas.lt"));
        assert_true(website_valid("http://example.org/path?q=1"));
        assert_false(website_valid("www.caritas.lt"));
        assert_false(website_valid("ftp://example.org"));
        assert_false(website_valid("javascript:alert(1)"));
        assert_false(website_valid("https://"));
        assert_false(website_valid("https:///path"));
        assert_false(website_valid("https://exa mple.org"));
        assert_true(website_valid("HTTPS://example.org"));
        char big[520] = "https://";
        memset(big + 8, 'a', 500);
        big[508] = '\0';
        assert_false(website_valid(big));
}

static void test_phone(void **state)
{
        (void)state;
        assert_true(phone_valid("+370 5 212 3456"));
        assert_true(phone_valid("(8-5) 212-3456"));
        assert_false(phone_valid(""));
        assert_false(phone_valid("+-()"));
        assert_false(phone_valid("call 112"));
        assert_false(phone_valid("112;"));
        char big[60];
        memset(big, '1', 51);
        big[51] = '\0';
        assert_false(phone_valid(big));
        big[50] = '\0';
        assert_true(phone_valid(big));
}

static void test_country(void **state)
{
        (void)state;
        assert_true(country_valid("LT"));
        assert_true(country_valid("GB"));
        assert_true(country_valid("IT"));
        assert_false(country_valid("lt"));
        assert_false(country_valid("UK"));
        assert_false(country_valid("LTU"));
        assert_false(country_valid(""));
        assert_false(country_valid(NULL));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_email),
            cmocka_unit_test(test_website),
            cmocka_unit_test(test_phone),
            cmocka_unit_test(test_country),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
