#include "send_email/smtp/auth.hpp"

#include <Poco/HMACEngine.h>
#include <Poco/MD5Engine.h>

#include "common/base64.hpp"
#include "common/sasl.hpp"

namespace mailblock::send_email::smtp {

using common::base64;
using common::unbase64;

const char* mechanismName(AuthMethod m) {
    switch (m) {
        case AuthMethod::Auto: return "Auto";
        case AuthMethod::Plain: return "PLAIN";
        case AuthMethod::Login: return "LOGIN";
        case AuthMethod::CramMd5: return "CRAM-MD5";
        case AuthMethod::XOAuth2: return "XOAUTH2";
        case AuthMethod::OAuthBearer: return "OAUTHBEARER";
    }
    return "?";
}

std::optional<AuthMethod> authMethodFromName(const std::string& name) {
    for (AuthMethod m : {AuthMethod::Auto, AuthMethod::Plain, AuthMethod::Login, AuthMethod::CramMd5, AuthMethod::XOAuth2,
                         AuthMethod::OAuthBearer})
        if (name == mechanismName(m)) return m;
    return std::nullopt;
}

std::optional<AuthMethod> chooseMechanism(AuthMethod wanted, const Credentials& c, const Capabilities& caps) {
    if (wanted != AuthMethod::Auto) return wanted;
    if (!c.token.empty())
        return !caps.offersAuth("XOAUTH2") && caps.offersAuth("OAUTHBEARER") ? AuthMethod::OAuthBearer : AuthMethod::XOAuth2;
    for (AuthMethod m : {AuthMethod::CramMd5, AuthMethod::Plain, AuthMethod::Login})
        if (caps.offersAuth(mechanismName(m))) return m;
    return std::nullopt;
}

std::string cramMd5Response(const std::string& challenge_base64, const std::string& login, const std::string& password) {
    Poco::HMACEngine<Poco::MD5Engine> hmac(password);
    hmac.update(unbase64(challenge_base64));
    return base64(login + " " + Poco::DigestEngine::digestToHex(hmac.digest()));
}

namespace {

// A bearer token refused: the server sends 334 with an error JSON (RFC 7628 3.2.2) and waits for the client's
// answer before its 5xx. The JSON is kept in the reply's text; it says why (e.g. the scope).
Reply tokenExchange(Dialog& dialog, const std::string& mechanism, const std::string& payload) {
    Reply r = dialog.command("AUTH " + mechanism + " " + payload, "AUTH " + mechanism + " ***");
    if (r.code == 334) {
        std::string detail = unbase64(r.text);
        r = dialog.command(common::sasl::declineTokenChallenge(mechanism));
        if (!detail.empty()) r.text += (r.text.empty() ? "" : "\n") + detail;
    }
    return r;
}

}  // namespace

Reply authenticate(Dialog& dialog, AuthMethod method, const Credentials& c, const std::string& host, uint16_t port) {
    const std::string hidden = "***";
    switch (method) {
        case AuthMethod::Plain: {
            std::string line = "AUTH PLAIN " + common::sasl::plain(c.login, c.password);
            return dialog.command(line, "AUTH PLAIN " + hidden);
        }
        case AuthMethod::Login: {
            // The server's prompts are "Username:" / "Password:" in base64; some send other words, so we
            // answer by position (first the login, then the password) rather than by reading the prompt.
            Reply r = dialog.command("AUTH LOGIN");
            if (r.code != 334) return r;
            r = dialog.command(base64(c.login), hidden);
            if (r.code != 334) return r;
            return dialog.command(base64(c.password), hidden);
        }
        case AuthMethod::CramMd5: {
            Reply r = dialog.command("AUTH CRAM-MD5");
            if (r.code != 334) return r;
            return dialog.command(cramMd5Response(r.text, c.login, c.password), hidden);
        }
        case AuthMethod::XOAuth2: return tokenExchange(dialog, "XOAUTH2", common::sasl::xoauth2(c.login, c.token));
        case AuthMethod::OAuthBearer:
            return tokenExchange(dialog, "OAUTHBEARER", common::sasl::oauthBearer(c.login, c.token, host, port));
        case AuthMethod::Auto: break;
    }
    return Reply{504, "5.5.4", "no authentication mechanism chosen"};
}

}  // namespace mailblock::send_email::smtp
