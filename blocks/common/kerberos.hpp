// Whether the user's Kerberos ticket (the credential cache kinit fills, KRB5CCNAME) can get a service ticket for
// SERVICE/HOST, and if not why, in the terms a Windows admin knows. GNU SASL reports every GSSAPI failure as one
// code; this asks GSS-API itself. Any thread; talks to the KDC.
#pragma once

#include <cstdint>
#include <string>

namespace mailblock::common::kerberos {

enum class Problem { None, NoTicket, Expired, ClockSkew, UnknownPrincipal, WrongRealm, Other };

struct Check {
    Problem problem = Problem::None;
    std::string detail;  // GSS-API's own words, for the log
};

Check serviceTicket(const std::string& service, const std::string& host);

// What a failed gss_init_sec_context means: MIT's minor code first (clock skew, expired, unknown principal, no
// cache, unknown realm), then the GSS major code; `detail` (GSS-API's text) tells a missing cross-realm path
// (krbtgt/OTHER@OURS unknown) from an unknown service. Pure; unit-tested.
Problem problemOf(uint32_t major, int32_t minor, const std::string& detail);

}  // namespace mailblock::common::kerberos
