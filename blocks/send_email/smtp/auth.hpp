// SMTP AUTH (RFC 4954) with PLAIN (RFC 4616), LOGIN, CRAM-MD5 (RFC 2195) and XOAUTH2, done by us rather than
// by Poco's login(): Poco's LOGIN reports success on an unexpected challenge and leaves XOAUTH2 failures
// unanswered. Payloads never reach the trace: it shows "AUTH PLAIN ***".
#pragma once

#include <optional>
#include <string>

#include "send_email/smtp/dialog.hpp"

namespace mailblock::send_email::smtp {

enum class AuthMethod { Auto, Plain, Login, CramMd5, XOAuth2 };

struct Credentials {
    std::string login;
    std::string password;
    std::string token;  // OAuth2 access token; when set, XOAUTH2 is used instead of the password
};

const char* mechanismName(AuthMethod m);
std::optional<AuthMethod> authMethodFromName(const std::string& name);  // "Auto", "PLAIN", ...

// The mechanism to use: the one asked for, or for Auto the strongest the server offers (XOAUTH2 when a
// token is given, else CRAM-MD5, PLAIN, LOGIN). nullopt when Auto finds nothing usable.
std::optional<AuthMethod> chooseMechanism(AuthMethod wanted, const Credentials& c, const Capabilities& caps);

// SASL payloads, base64-encoded, as they go on the wire (pure; tested against RFC examples).
std::string plainResponse(const std::string& login, const std::string& password);
std::string cramMd5Response(const std::string& challenge_base64, const std::string& login, const std::string& password);
std::string xoauth2Response(const std::string& login, const std::string& token);

// Runs the exchange. Returns the final reply (235 on success); the caller turns a failure into an error.
Reply authenticate(Dialog& dialog, AuthMethod method, const Credentials& c);

}  // namespace mailblock::send_email::smtp
