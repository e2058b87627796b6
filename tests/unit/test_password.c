/* Password policy (characters, common list, login, repetition) and Argon2id hashing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "auth/password.h"

static int setup(void **state)
{
        (void)state;
        return password_init() == 0 ? 0 : -1;
}

/* The policy must refuse, for this reason. */
static void expect_reason(const char *got, const char *want)
{
        if (!got || strcmp(got, want) != 0)
                fail_msg("policy said \"%s\", expected \"%s\"", got ? got : "(acceptable)", want);
}

static void test_length_in_characters(void **state)
{
        (void)state;
        expect_reason(password_policy("", "login"), "must be at least 12 characters");
        expect_reason(password_policy("Short-pw-1", "login"), "must be at least 12 characters");
        expect_reason(password_policy("Eleven-char", "login"), "must be at least 12 characters");
        assert_null(password_policy("Twelve-chars", "login"));
        /* Eleven two-byte characters are 22 bytes but only 11 characters. */
        expect_reason(password_policy("\xc4\x85\xc4\x8d\xc4\x99\xc4\x97\xc4\xaf\xc5\xa1"
                                      "\xc5\xb3\xc5\xab\xc5\xbe\xc4\x84\xc4\x8c",
                                      "login"),
                      "must be at least 12 characters");
        /* Twelve of them pass. */
        assert_null(password_policy("\xc4\x85\xc4\x8d\xc4\x99\xc4\x97\xc4\xaf\xc5\xa1"
                                    "\xc5\xb3\xc5\xab\xc5\xbe\xc4\x84\xc4\x8c\xc4\x98",
                                    "login"));
        /* Four four-byte characters are 16 bytes: still too short. */
        expect_reason(password_policy("\xf0\x9f\x98\x80\xf0\x9f\x98\x81"
                                      "\xf0\x9f\x98\x82\xf0\x9f\x98\x83",
                                      "login"),
                      "must be at least 12 characters");
}

static void test_too_long_and_invalid(void **state)
{
        (void)state;
        char pw[PASSWORD_MAX_BYTES + 2];
        for (size_t i = 0; i < sizeof(pw) - 1; i++)
                pw[i] = (char)('a' + i % 26);
        pw[PASSWORD_MAX_BYTES] = '\0';
        assert_null(password_policy(pw, "login"));
        pw[PASSWORD_MAX_BYTES] = 'x';
        pw[PASSWORD_MAX_BYTES + 1] = '\0';
        expect_reason(password_policy(pw, "login"), "must be at most 1024 bytes");
        expect_reason(password_policy("valid-prefix-\xff-and-more", "login"),
                      "must be valid UTF-8 text");
        expect_reason(password_policy("overlong-\xc0\xaf-slash-x", "login"),
                      "must be valid UTF-8 text");
}

static void test_common(void **state)
{
        (void)state;
        assert_true(password_is_common("password1234"));
        assert_true(password_is_common("PASSWORD1234"));
        assert_true(password_is_common("PassWord1234"));
        assert_true(password_is_common("administrator"));
        assert_true(password_is_common("123456"));
        assert_false(password_is_common("password12345x"));
        assert_false(password_is_common(""));
        assert_false(password_is_common("#"));
        expect_reason(password_policy("password1234", "login"), "is too common; choose another");
        expect_reason(password_policy("QwertyUiopAsdf", "login"), "is too common; choose another");
        expect_reason(password_policy("ADMINISTRATOR", NULL), "is too common; choose another");
}

static void test_login(void **state)
{
        (void)state;
        expect_reason(password_policy("jonas.petraitis", "jonas.petraitis"),
                      "must not be the login");
        expect_reason(password_policy("Jonas.Petraitis", "jonas.petraitis"),
                      "must not be the login");
        assert_null(password_policy("jonas.petraitis!", "jonas.petraitis"));
        assert_null(password_policy("jonas.petraitis", NULL));
}

static void test_repeated(void **state)
{
        (void)state;
        expect_reason(password_policy("xxxxxxxxxxxxxxxx", "login"),
                      "must not repeat one character");
        expect_reason(password_policy("############", "login"), "must not repeat one character");
        assert_null(password_policy("xxxxxxxxxxxy", "login"));
        assert_null(password_policy("yxxxxxxxxxxx", "login"));
        /* Characters, not bytes: twelve times "ž" (two bytes each) is one character repeated. */
        expect_reason(password_policy("\xc5\xbe\xc5\xbe\xc5\xbe\xc5\xbe\xc5\xbe\xc5\xbe"
                                      "\xc5\xbe\xc5\xbe\xc5\xbe\xc5\xbe\xc5\xbe\xc5\xbe",
                                      "login"),
                      "must not repeat one character");
        expect_reason(password_policy("\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
                                      "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
                                      "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
                                      "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80",
                                      "login"),
                      "must not repeat one character");
        /* Two characters alternating are not one repeated. */
        assert_null(password_policy("\xc5\xbe\xc5\xa1\xc5\xbe\xc5\xa1\xc5\xbe\xc5\xa1"
                                    "\xc5\xbe\xc5\xa1\xc5\xbe\xc5\xa1\xc5\xbe\xc5\xa1",
                                    "login"));
        assert_null(password_policy("\xc5\xbe\xc5\xbe\xc5\xbe\xc5\xbe\xc5\xbe\xc5\xbe"
                                    "\xc5\xbe\xc5\xbe\xc5\xbe\xc5\xbe\xc5\xbe\xc5\xa1",
                                    "login"));
}

static void test_hash_verify(void **state)
{
        (void)state;
        char h1[PASSWORD_HASH_MAX], h2[PASSWORD_HASH_MAX];
        const char *pw = "Correct horse battery staple";
        assert_int_equal(password_hash(pw, h1), 0);
        assert_true(strncmp(h1, "$argon2id$", 10) == 0);
        assert_true(strlen(h1) < PASSWORD_HASH_MAX);
        assert_true(strstr(h1, pw) == NULL);
        assert_true(password_verify(h1, pw));
        assert_false(password_verify(h1, "Correct horse battery stapl"));
        assert_false(password_verify(h1, "correct horse battery staple"));
        assert_false(password_verify(h1, ""));
        assert_false(password_needs_rehash(h1));
        /* Salted: the same password hashes differently, and both verify. */
        assert_int_equal(password_hash(pw, h2), 0);
        assert_string_not_equal(h1, h2);
        assert_true(password_verify(h2, pw));
        /* No hash (unknown account), an empty one or garbage never verify. */
        assert_false(password_verify(NULL, pw));
        assert_false(password_verify(NULL, ""));
        assert_false(password_verify("", pw));
        assert_false(password_verify("not a hash", pw));
        assert_false(password_verify("$argon2id$v=19$m=65536,t=2,p=1$", pw));
        /* A hash with other parameters asks to be redone. */
        assert_true(password_needs_rehash("$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"));
}

static void test_init_twice(void **state)
{
        (void)state;
        assert_int_equal(password_init(), 0);
        assert_true(password_is_common("password1234"));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_length_in_characters),
            cmocka_unit_test(test_too_long_and_invalid),
            cmocka_unit_test(test_common),
            cmocka_unit_test(test_login),
            cmocka_unit_test(test_repeated),
            cmocka_unit_test(test_hash_verify),
            cmocka_unit_test(test_init_twice),
        };
        return cmocka_run_group_tests(tests, setup, NULL);
}
