// The reference block's SSL flag and the Security port resolve to one exact mode and port.
#include <doctest/doctest.h>

#include "send_email/security_mode.hpp"

using mailblock::common::Security;
using mailblock::send_email::resolveMode;

TEST_CASE("default ports: 25 without security, 587 with SSL, 465 for SSL on connect") {
    CHECK(resolveMode("Auto", false, std::nullopt).port == 25);
    CHECK(resolveMode("Auto", false, std::nullopt).security == Security::None);
    CHECK(resolveMode("Auto", true, std::nullopt).port == 587);
    CHECK(resolveMode("Auto", true, std::nullopt).security == Security::StartTls);
    CHECK(resolveMode("SSL on connect", false, std::nullopt).port == 465);
}

TEST_CASE("SSL on with port 465 is implicit TLS and with any other port STARTTLS") {
    CHECK(resolveMode("Auto", true, 465).security == Security::Implicit);
    CHECK(resolveMode("Auto", true, 2525).security == Security::StartTls);
}

TEST_CASE("the Security port overrides the flag") {
    CHECK(resolveMode("None", true, 587).security == Security::None);
    CHECK(resolveMode("STARTTLS", false, 25).security == Security::StartTls);
    CHECK(resolveMode("SSL on connect", false, 10465).port == 10465);
}

TEST_CASE("Auto without the flag still picks by the well-known ports") {
    CHECK(resolveMode("Auto", false, 465).security == Security::Implicit);
    CHECK(resolveMode("Auto", false, 587).security == Security::StartTls);
    CHECK(resolveMode("Auto", false, 2525).security == Security::None);
}
