/* Unit tests: SHA-256 (FIPS 180-4) against the standard's examples and NIST's test vectors,
 * with either engine, and the two engines against each other on every length up to 300 bytes
 * and every way of feeding them. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"

static void hex_of(const void *data, size_t n, char out[65])
{
    sha256_hex(data, n, out);
}

static void known_answers(void)
{
    static const struct {
        const char *text, *hex;
    } kat[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnop"
         "qrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    };
    char out[65];
    for (size_t i = 0; i < sizeof kat / sizeof *kat; i++) {
        hex_of(kat[i].text, strlen(kat[i].text), out);
        cr_assert(eq(str, out, (char *)kat[i].hex), "\"%s\" with %s", kat[i].text, sha256_engine());
    }
    /* a million times 'a', fed in pieces that straddle blocks */
    sha256_ctx c;
    sha256_init(&c);
    char a[1001];
    memset(a, 'a', sizeof a);
    for (int i = 0; i < 1000; i++)
        sha256_update(&c, a, i % 2 ? 999 : 1001);
    uint8_t d[32];
    sha256_final(&c, d);
    sha256_to_hex(d, out);
    cr_assert(eq(str, out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
              "%s", sha256_engine());
}

Test(sha256, known_answers_in_portable_c)
{
    sha256_set_portable(true);
    cr_assert(eq(str, (char *)sha256_engine(), "portable C"));
    known_answers();
}

Test(sha256, known_answers_with_the_engine_of_this_machine)
{
    sha256_set_portable(false);
    cr_log_info("engine: %s", sha256_engine());
    known_answers();
}

Test(sha256, both_engines_agree_on_every_length_and_every_split)
{
    uint8_t msg[300];
    srand(7);
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)rand();
    for (size_t n = 0; n <= sizeof msg; n++) {
        char want[65], got[65];
        sha256_set_portable(true);
        hex_of(msg, n, want);
        sha256_set_portable(false);
        hex_of(msg, n, got);
        cr_assert(eq(str, got, want), "%zu bytes", n);
        /* in two pieces split anywhere, then byte by byte: the same digest */
        size_t cut = n ? (size_t)rand() % n : 0;
        sha256_ctx c;
        uint8_t d[32];
        sha256_init(&c);
        sha256_update(&c, msg, cut);
        sha256_update(&c, msg + cut, n - cut);
        sha256_final(&c, d);
        sha256_to_hex(d, got);
        cr_assert(eq(str, got, want), "%zu bytes cut at %zu", n, cut);
        sha256_init(&c);
        for (size_t i = 0; i < n; i++)
            sha256_update(&c, msg + i, 1);
        sha256_final(&c, d);
        sha256_to_hex(d, got);
        cr_assert(eq(str, got, want), "%zu bytes one at a time", n);
    }
}

/* An empty file's text is (NULL, 0) (lh__fingerprint of a job file caught empty while being
 * written): feeding it changes nothing, and copies nothing from NULL, which is undefined even
 * for no bytes (UBSan stopped the daemon on it). */
Test(sha256, an_empty_update_from_null_changes_nothing)
{
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, NULL, 0); /* nothing buffered yet */
    sha256_update(&c, "ab", 2);
    sha256_update(&c, NULL, 0); /* part of a block buffered */
    sha256_update(&c, "c", 1);
    uint8_t d[32];
    char out[65];
    sha256_final(&c, d);
    sha256_to_hex(d, out);
    cr_assert(eq(str, out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
}
