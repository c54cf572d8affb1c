// Kerberos failures in a Windows admin's words: GSS-API's minor codes (MIT's error table) to a problem, and the
// problem to advice, in Russian and English.
#include <doctest/doctest.h>

#include "common/kerberos.hpp"
#include "common/sign_in_errors.hpp"

using namespace mailblock::common;
using kerberos::Problem;

namespace {
constexpr uint32_t kGssFailure = 0xD0000u;  // GSS_S_FAILURE: the mechanism's minor code says why
constexpr uint32_t kGssNoCred = 0x70000u;   // GSS_S_NO_CRED
}  // namespace

TEST_CASE("MIT's minor codes name the Kerberos problem") {
    CHECK(kerberos::problemOf(kGssFailure, -1765328347, "") == Problem::ClockSkew);
    CHECK(kerberos::problemOf(kGssFailure, -1765328352, "") == Problem::Expired);
    CHECK(kerberos::problemOf(kGssFailure, -1765328189, "") == Problem::NoTicket);
    CHECK(kerberos::problemOf(kGssFailure, -1765328377, "Server smtp/mail.work.local@WORK.LOCAL not found") ==
          Problem::UnknownPrincipal);
    // No trust path to the server's realm is "another realm", not an unknown service.
    CHECK(kerberos::problemOf(kGssFailure, -1765328377, "Server krbtgt/OTHER.TEST@WORK.LOCAL not found") ==
          Problem::WrongRealm);
    CHECK(kerberos::problemOf(kGssNoCred, 0, "") == Problem::NoTicket);
    CHECK(kerberos::problemOf(kGssFailure, 12345, "") == Problem::Other);
}

TEST_CASE("the advice speaks of kinit, the clock and setspn") {
    auto en = [](Problem p) { return kerberosAdvice({p, "detail", ""}, "smtp/mail.work.local", "en"); };
    CHECK(en(Problem::NoTicket).hint.find("Run kinit or log on to the domain") != std::string::npos);
    CHECK(en(Problem::ClockSkew).message.find("clock") != std::string::npos);
    CHECK(en(Problem::ClockSkew).hint.find("w32tm /resync") != std::string::npos);
    CHECK(en(Problem::UnknownPrincipal).message.find("smtp/mail.work.local") != std::string::npos);
    CHECK(en(Problem::UnknownPrincipal).hint.find("setspn -A smtp/mail.work.local") != std::string::npos);
    CHECK(en(Problem::Other).message.find("detail") != std::string::npos);
    auto ru = kerberosAdvice({Problem::ClockSkew, "", ""}, "smtp/x", "ru");
    CHECK(ru.message.find("Часы") != std::string::npos);
}

TEST_CASE("a ticket belongs to the login of the same user, whatever the realm's case or the domain's form") {
    CHECK(kerberos::ticketBelongsTo("robot@MAILBLOCK.TEST", "robot@mailblock.test"));
    CHECK(kerberos::ticketBelongsTo("ivanov@WORK.LOCAL", "ivanov"));
    CHECK(kerberos::ticketBelongsTo("ivanov@WORK.LOCAL", "WORK\\Ivanov"));
    CHECK(kerberos::ticketBelongsTo("ivanov@WORK.LOCAL", ""));
    CHECK_FALSE(kerberos::ticketBelongsTo("developer@WORK.LOCAL", "robot@work.local"));
    CHECK_FALSE(kerberos::ticketBelongsTo("", "robot"));
}
