// The host's last line of defence: every secret given to a run is masked in whatever it prints. A short secret
// is masked only where it stands alone, so that masking cannot mangle the text or reveal the secret.
#include <doctest/doctest.h>

#include "run_context.hpp"

using mailblock::host::SecretMask;

TEST_CASE("a secret is masked wherever it appears, also in its JSON-escaped form") {
    SecretMask mask;
    mask.add("S3cr3t\"pass");
    CHECK(mask.apply("login failed for S3cr3t\"pass and S3cr3t\"pass") == "login failed for *** and ***");
    CHECK(mask.apply(R"({"password":"S3cr3t\"pass"})") == R"({"password":"***"})");
    CHECK(mask.apply("xS3cr3t\"passx") == "x***x");  // long enough to be masked inside a word too
}

TEST_CASE("a short secret is masked only where it stands alone") {
    SecretMask mask;
    mask.add("x");
    CHECK(mask.apply("SSL Exception: x") == "SSL Exception: ***");
    CHECK(mask.apply("password=x;") == "password=***;");
    CHECK(mask.apply("Exception") == "Exception");  // not "E***ception", which would give the secret away
    mask.add("пароль");
    CHECK(mask.apply("мойпароль") == "мой***");  // six bytes and more: masked anywhere
}
