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
    std::string client;  // whose ticket it is ("robot@MAILBLOCK.TEST") when there is one
};

Check serviceTicket(const std::string& service, const std::string& host);

// Whether the ticket of principal `client` ("ivanov@WORK.LOCAL") is the account `login` names ("ivanov",
// "ivanov@work.local", "WORK\\ivanov"): the user names match, case aside. An empty login takes any ticket. Pure.
bool ticketBelongsTo(const std::string& client, const std::string& login);

// Whether the credential cache holds an unexpired ticket of `login`'s own. Local: asks no KDC (input checks).
bool holdsTicketFor(const std::string& login);

// Auto's question: may GSSAPI sign `login` in to SERVICE/HOST, i.e. is there a ticket, and is it that account's
// (a developer's own kinit must not send a robot's mail under the developer's name)?
bool usableTicketFor(const std::string& service, const std::string& host, const std::string& login);

// What a failed gss_init_sec_context means: MIT's minor code first (clock skew, expired, unknown principal, no
// cache, unknown realm), then the GSS major code; `detail` (GSS-API's text) tells a missing cross-realm path
// (krbtgt/OTHER@OURS unknown) from an unknown service. Pure; unit-tested.
Problem problemOf(uint32_t major, int32_t minor, const std::string& detail);

}  // namespace mailblock::common::kerberos
