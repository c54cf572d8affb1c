// A Kerberos ticket from a keytab given by path, for a robot whose account has no password anyone types (reference
// 003, ThisHostCredentials("Kerberos")): the login's key is taken from the keytab, a ticket is fetched from the KDC
// into a private in-memory credential cache, and GSS-API on this thread uses that cache until the scope ends. The
// user's own cache (KRB5CCNAME) is never read or written, and nothing process-wide changes: MIT's GSS-API keeps
// the cache name per thread (gss_krb5_ccache_name).
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

namespace mailblock::common::kerberos {

// Why no ticket came from the keytab. The text names the file and principal, never a key.
class KeytabError : public std::runtime_error {
public:
    enum class Kind { Unreadable, NoKeyForLogin, Refused };
    KeytabError(Kind k, const std::string& what) : std::runtime_error(what), kind(k) {}
    const Kind kind;
};

class KeytabTicket {
public:
    // Throws KeytabError. `login` picks the keytab's entry: the principal of the same user name.
    KeytabTicket(const std::string& keytab, const std::string& login);
    ~KeytabTicket();
    KeytabTicket(const KeytabTicket&) = delete;
    KeytabTicket& operator=(const KeytabTicket&) = delete;

    const std::string& principal() const;  // "robot@WORK.LOCAL": whose ticket it is

private:
    struct State;
    std::unique_ptr<State> s_;
};

}  // namespace mailblock::common::kerberos
