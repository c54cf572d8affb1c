// Why a sign-in with the SASL library failed, in the words a Windows admin knows (no ticket: run kinit or log on
// to the domain; clock skew; an unknown service principal smtp/HOST; NTLM refused), for SMTP and IMAP alike. The
// block adds its stage and fate.
#pragma once

#include <string>

#include "common/kerberos.hpp"
#include "common/keytab_ticket.hpp"
#include "common/sasl_client.hpp"

namespace mailblock::common {

struct SignInWords {
    std::string message;
    std::string hint;
};

// The library gave up before the server said anything (no ticket, missing password). `service` is "smtp" or
// "imap", `host` the server's name: the principal is service/host.
SignInWords libraryFailure(const sasl::LibraryError& e, const std::string& service, const std::string& host,
                           const std::string& lang);

// What a Kerberos check found, as advice (principal: "smtp/HOST").
SignInWords kerberosAdvice(const kerberos::Check& c, const std::string& principal, const std::string& lang);

// No ticket came from the keytab of the Kerberos keytab port: unreadable, no key for the login, or refused.
SignInWords keytabFailure(const kerberos::KeytabError& e, const std::string& lang);

// A mechanism asked for by name that the server does not offer; `offered` space-separated (empty: none).
SignInWords mechanismNotOffered(const std::string& mechanism, const std::string& offered, const std::string& lang);

// The server refused a Windows sign-in (NTLM or GSSAPI): what to check, or empty words for other mechanisms.
SignInWords windowsRefusal(const std::string& mechanism, const std::string& login, const std::string& domain,
                           const std::string& lang);

}  // namespace mailblock::common
