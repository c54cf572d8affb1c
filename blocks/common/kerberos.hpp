// Whether the user's Kerberos ticket (the credential cache kinit fills, KRB5CCNAME) can get a service ticket for
// SERVICE/HOST, and if not why, in the terms a Windows admin knows. GNU SASL reports every GSSAPI failure as one
// code; this asks GSS-API itself. Any thread; talks to the KDC.
#pragma once

#include <string>

namespace mailblock::common::kerberos {

enum class Problem { None, NoTicket, Expired, ClockSkew, UnknownPrincipal, WrongRealm, Other };

struct Check {
    Problem problem = Problem::None;
    std::string detail;  // GSS-API's own words, for the log
};

Check serviceTicket(const std::string& service, const std::string& host);

}  // namespace mailblock::common::kerberos
