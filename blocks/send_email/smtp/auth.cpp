#include "send_email/smtp/auth.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/HMACEngine.h>
#include <Poco/MD5Engine.h>

#include <sstream>

namespace mailblock::send_email::smtp {

namespace {

std::string base64(const std::string& raw) {
    std::ostringstream out;
    Poco::Base64Encoder enc(out);
    enc.rdbuf()->setLineLength(0);  // one line: SASL payloads must not wrap
    enc << raw;
    enc.close();
    return out.str();
}

std::string unbase64(const std::string& text) {
    std::istringstream in(text);
    Poco::Base64Decoder dec(in);
    std::string out;
    char c;
    while (dec.get(c)) out += c;
    return out;
}

}  // namespace

const char* mechanismName(AuthMethod m) {
    switch (m) {
        case AuthMethod::Auto: return "Auto";
        case AuthMethod::Plain: return "PLAIN";
        case AuthMethod::Login: return "LOGIN";
        case AuthMethod::CramMd5: return "CRAM-MD5";
        case AuthMethod::XOAuth2: return "XOAUTH2";
    }
    return "?";
}

std::optional<AuthMethod> authMethodFromName(const std::string& name) {
    for (AuthMethod m : {AuthMethod::Auto, AuthMethod::Plain, AuthMethod::Login, AuthMethod::CramMd5, AuthMethod::XOAuth2})
        if (name == mechanismName(m)) return m;
    return std::nullopt;
}

std::optional<AuthMethod> chooseMechanism(AuthMethod wanted, const Credentials& c, const Capabilities& caps) {
    if (wanted != AuthMethod::Auto) return wanted;
    if (!c.token.empty()) return AuthMethod::XOAuth2;
    for (AuthMethod m : {AuthMethod::CramMd5, AuthMethod::Plain, AuthMethod::Login})
        if (caps.offersAuth(mechanismName(m))) return m;
    return std::nullopt;
}

std::string plainResponse(const std::string& login, const std::string& password) {
    return base64(std::string(1, '\0') + login + std::string(1, '\0') + password);
}

std::string cramMd5Response(const std::string& challenge_base64, const std::string& login, const std::string& password) {
    Poco::HMACEngine<Poco::MD5Engine> hmac(password);
    hmac.update(unbase64(challenge_base64));
    return base64(login + " " + Poco::DigestEngine::digestToHex(hmac.digest()));
}

std::string xoauth2Response(const std::string& login, const std::string& token) {
    return base64("user=" + login + "\x01" + "auth=Bearer " + token + "\x01\x01");
}

Reply authenticate(Dialog& dialog, AuthMethod method, const Credentials& c) {
    const std::string hidden = "***";
    switch (method) {
        case AuthMethod::Plain: {
            std::string line = "AUTH PLAIN " + plainResponse(c.login, c.password);
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
        case AuthMethod::XOAuth2: {
            Reply r = dialog.command("AUTH XOAUTH2 " + xoauth2Response(c.login, c.token), "AUTH XOAUTH2 " + hidden);
            // On failure the server sends 334 with an error JSON and waits for an empty line before its 5xx.
            if (r.code == 334) {
                std::string detail = unbase64(r.text);
                r = dialog.command("");
                if (!detail.empty()) r.text += (r.text.empty() ? "" : "\n") + detail;
            }
            return r;
        }
        case AuthMethod::Auto: break;
    }
    return Reply{504, "5.5.4", "no authentication mechanism chosen"};
}

}  // namespace mailblock::send_email::smtp
