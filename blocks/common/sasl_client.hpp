// Client side of the SASL mechanisms that GNU SASL (libgsasl) does for us: PLAIN, LOGIN, CRAM-MD5,
// SCRAM-SHA-1/256, ANONYMOUS, GSSAPI (Kerberos, with the user's ticket: the credential cache KRB5CCNAME names, as
// kinit leaves it) and NTLM (with a Windows domain). SMTP AUTH and IMAP AUTHENTICATE both drive an Exchange one
// challenge at a time. Payloads hold secrets: never trace them. One Exchange per sign-in, on one thread.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

namespace mailblock::common::sasl {

// Who signs in and where: the service ("smtp", "imap") and host name the Kerberos principal is made of
// (service/host@REALM), and the domain NTLM sends.
struct Identity {
    std::string login;
    std::string password;
    std::string domain;
    std::string service;
    std::string host;
};

// Why the library could not go on; `mechanism` is the one that failed, `reason` says what was missing or refused
// in the library's own words (the block turns it into advice).
class LibraryError : public std::runtime_error {
public:
    LibraryError(const std::string& mechanism, int code, const std::string& reason);
    const std::string mechanism;
    const int code;         // GNU SASL's return code (GSASL_NO_PASSWORD, GSASL_GSSAPI_INIT_SEC_CONTEXT_ERROR, ...)
    bool noTicket() const;  // GSSAPI found no usable Kerberos credentials
};

// True when this build's libgsasl has the client side of `mechanism` ("SCRAM-SHA-256", "GSSAPI", ...).
bool librarySupports(const std::string& mechanism);

// Mechanisms whose first message comes from the client (sent with the command, RFC 4954 / RFC 4959); the others
// (LOGIN, CRAM-MD5, NTLM as Exchange expects it) wait for the server's first challenge.
bool clientFirst(const std::string& mechanism);

class Exchange {
public:
    Exchange(const std::string& mechanism, const Identity& who);  // throws LibraryError
    ~Exchange();
    Exchange(const Exchange&) = delete;
    Exchange& operator=(const Exchange&) = delete;

    // The next message for the server, base64-encoded, given its challenge (base64; empty for the initial
    // response). Throws LibraryError when the challenge is bad or a credential is missing.
    std::string step(const std::string& challenge_base64);
    // The exchange is complete on the client's side (the server's final word may still say no).
    bool finished() const { return finished_; }

private:
    struct Session;
    std::unique_ptr<Session> session_;
    std::string mechanism_;
    bool finished_ = false;
};

}  // namespace mailblock::common::sasl
