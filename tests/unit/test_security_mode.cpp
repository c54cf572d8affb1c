// The Security port, the reference block's SSL flag and the port resolve to one exact mode and port, by the same
// rules for SMTP and IMAP (common/security_mode.hpp has the table).
#include <doctest/doctest.h>

#include "common/connection.hpp"
#include "common/security_mode.hpp"

using mailblock::common::Protocol;
using mailblock::common::resolveSecurity;
using mailblock::common::Security;
using mailblock::common::wantsStartTls;

namespace {
Security smtp(const char* mode, bool ssl, std::optional<uint16_t> port) {
    return resolveSecurity(Protocol::Smtp, mode, ssl, port).security;
}
Security imap(const char* mode, bool ssl, std::optional<uint16_t> port) {
    return resolveSecurity(Protocol::Imap, mode, ssl, port).security;
}
}  // namespace

TEST_CASE("default ports: 25 without security, 587 with SSL, 465 for SSL on connect (IMAP: 143, 993)") {
    CHECK(resolveSecurity(Protocol::Smtp, "Auto", false, std::nullopt).port == 25);
    CHECK(resolveSecurity(Protocol::Smtp, "Auto", true, std::nullopt).port == 587);
    CHECK(resolveSecurity(Protocol::Smtp, "SSL on connect", false, std::nullopt).port == 465);
    CHECK(resolveSecurity(Protocol::Smtp, "STARTTLS", false, std::nullopt).port == 587);
    CHECK(resolveSecurity(Protocol::Smtp, "None", true, std::nullopt).port == 25);
    CHECK(resolveSecurity(Protocol::Imap, "Auto", false, std::nullopt).port == 143);
    CHECK(resolveSecurity(Protocol::Imap, "Auto", true, std::nullopt).port == 993);
    CHECK(resolveSecurity(Protocol::Imap, "SSL on connect", false, std::nullopt).port == 993);
    CHECK(resolveSecurity(Protocol::Imap, "STARTTLS", true, std::nullopt).port == 143);
    CHECK(resolveSecurity(Protocol::Imap, "None", true, std::nullopt).port == 143);
}

TEST_CASE("Auto: TLS on connect on 465 and 993, whatever the flag") {
    for (bool ssl : {false, true}) {
        CHECK(smtp("Auto", ssl, 465) == Security::Implicit);
        CHECK(imap("Auto", ssl, 993) == Security::Implicit);
    }
    CHECK(imap("Auto", true, std::nullopt) == Security::Implicit);
}

TEST_CASE("Auto without the SSL flag upgrades whenever the server offers STARTTLS, on any other port") {
    for (std::optional<uint16_t> port : {std::optional<uint16_t>{}, std::optional<uint16_t>{25},
                                         std::optional<uint16_t>{587}, std::optional<uint16_t>{2525}}) {
        CHECK(smtp("Auto", false, port) == Security::StartTlsIfOffered);
        CHECK(smtp("", false, port) == Security::StartTlsIfOffered);  // a diagram that leaves the port out
    }
    CHECK(imap("Auto", false, 143) == Security::StartTlsIfOffered);
    CHECK(imap("Auto", false, 10143) == Security::StartTlsIfOffered);
    CHECK(imap("Auto", false, std::nullopt) == Security::StartTlsIfOffered);
}

TEST_CASE("Auto with the SSL flag requires STARTTLS on any port but 465/993, for both protocols alike") {
    CHECK(smtp("Auto", true, std::nullopt) == Security::StartTls);
    CHECK(smtp("Auto", true, 2525) == Security::StartTls);
    CHECK(imap("Auto", true, 143) == Security::StartTls);
    CHECK(imap("Auto", true, 10993) == Security::StartTls);
}

TEST_CASE("an explicit Security mode overrides the flag and the port") {
    CHECK(smtp("None", true, 587) == Security::None);
    CHECK(imap("None", true, 993) == Security::None);
    CHECK(smtp("STARTTLS", false, 25) == Security::StartTls);
    CHECK(imap("STARTTLS", true, 10143) == Security::StartTls);
    CHECK(smtp("SSL on connect", false, 10465) == Security::Implicit);
    CHECK(resolveSecurity(Protocol::Smtp, "SSL on connect", false, 10465).port == 10465);
}

TEST_CASE("STARTTLS happens when required, and in Auto whenever offered") {
    CHECK(wantsStartTls(Security::StartTls, false));  // then fails: required but not offered
    CHECK(wantsStartTls(Security::StartTls, true));
    CHECK(wantsStartTls(Security::StartTlsIfOffered, true));
    CHECK_FALSE(wantsStartTls(Security::StartTlsIfOffered, false));
    CHECK_FALSE(wantsStartTls(Security::None, true));
    CHECK_FALSE(wantsStartTls(Security::Implicit, true));
}
