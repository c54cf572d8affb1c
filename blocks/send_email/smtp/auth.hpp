// SMTP AUTH (RFC 4954) with PLAIN (RFC 4616), LOGIN, CRAM-MD5 (RFC 2195), XOAUTH2 and OAUTHBEARER (RFC 7628),
// done by us rather than
// by Poco's login(): Poco's LOGIN reports success on an unexpected challenge and leaves XOAUTH2 failures
// unanswered. Payloads never reach the trace: it shows "AUTH PLAIN ***".
#pragma once

#include <optional>
#include <string>

#include "send_email/smtp/dialog.hpp"

namespace mailblock::send_email::smtp {

enum class AuthMethod { Auto, Plain, Login, CramMd5, XOAuth2, OAuthBearer };

struct Credentials {
    std::string login;
    std::string password;
    std::string token;  // OAuth2 access token; when set, XOAUTH2 or OAUTHBEARER is used instead of the password
};

const char* mechanismName(AuthMethod m);
std::optional<AuthMethod> authMethodFromName(const std::string& name);  // "Auto", "PLAIN", ...

// The mechanism to use: the one asked for, or for Auto the strongest the server offers: with a token XOAUTH2
// (what Gmail and Microsoft take), else OAUTHBEARER, else XOAUTH2 all the same, and the server says no; with a
// password CRAM-MD5, PLAIN, LOGIN. nullopt when Auto finds nothing usable for a password.
std::optional<AuthMethod> chooseMechanism(AuthMethod wanted, const Credentials& c, const Capabilities& caps);

// SASL payloads, base64-encoded, as they go on the wire (pure; tested against RFC examples).
// (PLAIN, XOAUTH2 and OAUTHBEARER are common::sasl's, shared with IMAP.)
std::string cramMd5Response(const std::string& challenge_base64, const std::string& login, const std::string& password);

// Runs the exchange with the server at `host`:`port` (OAUTHBEARER names them). Returns the final reply (235 on
// success); the caller turns a failure into an error.
Reply authenticate(Dialog& dialog, AuthMethod method, const Credentials& c, const std::string& host, uint16_t port);

}  // namespace mailblock::send_email::smtp
