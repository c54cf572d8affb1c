// SMTP AUTH (RFC 4954). The password and ticket mechanisms (PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-256/1, GSSAPI, NTLM,
// ANONYMOUS) are GNU SASL's (common/sasl_client); XOAUTH2 and OAUTHBEARER (RFC 7628), which it lacks, are ours.
// Payloads never reach the trace: it shows "AUTH PLAIN ***".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "send_email/smtp/dialog.hpp"

namespace mailblock::send_email::smtp {

// Windows: "Аутентификация Windows" — GSSAPI (Kerberos) when the user has a ticket, else NTLM.
enum class AuthMethod {
    Auto,
    Plain,
    Login,
    CramMd5,
    ScramSha256,
    ScramSha1,
    Gssapi,
    Ntlm,
    Windows,
    Anonymous,
    XOAuth2,
    OAuthBearer
};

struct Credentials {
    std::string login;
    std::string password;
    std::string domain;  // the Windows domain NTLM sends
    std::string token;   // OAuth2 access token; when set, XOAUTH2 or OAUTHBEARER is used instead of the password
    std::string keytab;  // a Kerberos keytab by path: the login's ticket comes from it (common/keytab_ticket.hpp)
};

const char* mechanismName(AuthMethod m);
std::optional<AuthMethod> authMethodFromName(const std::string& name);  // "Auto", "PLAIN", "Windows", ...

// True when the method signs in without a password (GSSAPI with a ticket, ANONYMOUS, Windows' Kerberos half).
bool needsNoPassword(AuthMethod m);

// The mechanisms to try, in order. A named one alone (Windows resolved: GSSAPI when the login's own ticket for
// smtp/HOST can be had, else NTLM). Auto with a token: XOAUTH2 (what Gmail and Microsoft take), else OAUTHBEARER.
// Auto otherwise: what the server offers, safest first: SCRAM-SHA-256, SCRAM-SHA-1, GSSAPI (the login's own
// ticket; first when there is no password), CRAM-MD5, PLAIN, LOGIN. Empty when Auto finds nothing usable.
std::vector<AuthMethod> chooseMechanisms(AuthMethod wanted, const Credentials& c, const Capabilities& caps,
                                         const std::string& host);

// True for the mechanisms GNU SASL does (all but XOAUTH2, OAUTHBEARER and the choices Auto and Windows).
bool needsLibrary(AuthMethod m);

// After a 535 on `tried`, Auto may try the next offered mechanism once: SCRAM and CRAM-MD5 need secrets the
// server keeps per mechanism, which an account may lack while its password is right; GSSAPI a mapping of the
// principal to the account, which the server may lack.
bool mayFallBackAfter(AuthMethod tried);

// RFC 2195 CRAM-MD5 response (kept for its RFC test; the exchange itself goes through the library).
std::string cramMd5Response(const std::string& challenge_base64, const std::string& login, const std::string& password);

// Runs the exchange with the server at `host`:`port` (OAUTHBEARER names them; GSSAPI asks for smtp/HOST). Returns
// the final reply (235 on success); the caller turns a failure into an error. Throws common::sasl::LibraryError
// when the library cannot go on (no ticket, missing password); the exchange is cancelled ("*") first.
Reply authenticate(Dialog& dialog, AuthMethod method, const Credentials& c, const std::string& host, uint16_t port);

}  // namespace mailblock::send_email::smtp
