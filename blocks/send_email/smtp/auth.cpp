#include "send_email/smtp/auth.hpp"

#include "common/base64.hpp"
#include "common/kerberos.hpp"
#include "common/sasl.hpp"
#include "common/sasl_client.hpp"

namespace mailblock::send_email::smtp {

using common::unbase64;

namespace {

const AuthMethod kAll[] = {AuthMethod::Auto,      AuthMethod::Plain,       AuthMethod::Login,
                           AuthMethod::CramMd5,   AuthMethod::ScramSha256, AuthMethod::ScramSha1,
                           AuthMethod::Gssapi,    AuthMethod::Ntlm,        AuthMethod::Windows,
                           AuthMethod::Anonymous, AuthMethod::XOAuth2,     AuthMethod::OAuthBearer};

common::sasl::Identity identity(const Credentials& c, const std::string& host) {
    return common::sasl::Identity{c.login, c.password, c.domain, "smtp", host};
}

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

// The library's exchange: the initial response on the AUTH line for client-first mechanisms ("=" when empty,
// RFC 4954 4), then an answer to every 334. When the library gives up mid-way the exchange is cancelled with
// "*" so that the connection stays usable, and its error goes up.
Reply libraryExchange(Dialog& dialog, const std::string& mechanism, const common::sasl::Identity& who) {
    common::sasl::Exchange exchange(mechanism, who);
    Reply r;
    if (common::sasl::clientFirst(mechanism)) {
        std::string initial = exchange.step("");
        r = dialog.command("AUTH " + mechanism + " " + (initial.empty() ? "=" : initial), "AUTH " + mechanism + " ***");
    } else {
        r = dialog.command("AUTH " + mechanism);
    }
    while (r.code == 334) {
        std::string answer;
        try {
            answer = exchange.step(r.text);
        } catch (const common::sasl::LibraryError&) {
            dialog.command("*");
            throw;
        }
        r = dialog.command(answer, "***");
    }
    return r;
}

}  // namespace

const char* mechanismName(AuthMethod m) {
    switch (m) {
        case AuthMethod::Auto:
            return "Auto";
        case AuthMethod::Plain:
            return "PLAIN";
        case AuthMethod::Login:
            return "LOGIN";
        case AuthMethod::CramMd5:
            return "CRAM-MD5";
        case AuthMethod::ScramSha256:
            return "SCRAM-SHA-256";
        case AuthMethod::ScramSha1:
            return "SCRAM-SHA-1";
        case AuthMethod::Gssapi:
            return "GSSAPI";
        case AuthMethod::Ntlm:
            return "NTLM";
        case AuthMethod::Windows:
            return "Windows";
        case AuthMethod::Anonymous:
            return "ANONYMOUS";
        case AuthMethod::XOAuth2:
            return "XOAUTH2";
        case AuthMethod::OAuthBearer:
            return "OAUTHBEARER";
    }
    return "?";
}

std::optional<AuthMethod> authMethodFromName(const std::string& name) {
    for (AuthMethod m : kAll)
        if (name == mechanismName(m)) return m;
    return std::nullopt;
}

bool needsNoPassword(AuthMethod m) {
    return m == AuthMethod::Gssapi || m == AuthMethod::Anonymous || m == AuthMethod::Windows;
}

std::vector<AuthMethod> chooseMechanisms(AuthMethod wanted, const Credentials& c, const Capabilities& caps,
                                         const std::string& host) {
    auto ticket = [&] { return caps.offersAuth("GSSAPI") && common::kerberos::usableTicketFor("smtp", host, c.login); };
    if (wanted == AuthMethod::Windows) return {ticket() ? AuthMethod::Gssapi : AuthMethod::Ntlm};
    if (wanted != AuthMethod::Auto) return {wanted};
    if (!c.token.empty())
        return {!caps.offersAuth("XOAUTH2") && caps.offersAuth("OAUTHBEARER") ? AuthMethod::OAuthBearer
                                                                              : AuthMethod::XOAuth2};
    // By safety (issue 19): the password never crosses the wire with SCRAM and GSSAPI, a hash of it with
    // CRAM-MD5, the password itself (inside TLS) with PLAIN and LOGIN. Without a password, the ticket comes first.
    std::vector<AuthMethod> out;
    const bool kerberos = ticket();
    if (kerberos && c.password.empty()) out.push_back(AuthMethod::Gssapi);
    for (AuthMethod m : {AuthMethod::ScramSha256, AuthMethod::ScramSha1}) {
        if (caps.offersAuth(mechanismName(m))) out.push_back(m);
    }
    if (kerberos && !c.password.empty()) out.push_back(AuthMethod::Gssapi);
    for (AuthMethod m : {AuthMethod::CramMd5, AuthMethod::Plain, AuthMethod::Login}) {
        if (caps.offersAuth(mechanismName(m))) out.push_back(m);
    }
    return out;
}

bool needsLibrary(AuthMethod m) {
    return m != AuthMethod::Auto && m != AuthMethod::Windows && m != AuthMethod::XOAuth2 &&
           m != AuthMethod::OAuthBearer;
}

bool mayFallBackAfter(AuthMethod tried) {
    return tried == AuthMethod::ScramSha256 || tried == AuthMethod::ScramSha1 || tried == AuthMethod::Gssapi ||
           tried == AuthMethod::CramMd5;
}

std::string cramMd5Response(const std::string& challenge_base64, const std::string& login,
                            const std::string& password) {
    common::sasl::Exchange exchange("CRAM-MD5", common::sasl::Identity{login, password, "", "smtp", ""});
    return exchange.step(challenge_base64);
}

Reply authenticate(Dialog& dialog, AuthMethod method, const Credentials& c, const std::string& host, uint16_t port) {
    switch (method) {
        case AuthMethod::XOAuth2:
            return tokenExchange(dialog, "XOAUTH2", common::sasl::xoauth2(c.login, c.token));
        case AuthMethod::OAuthBearer:
            return tokenExchange(dialog, "OAUTHBEARER", common::sasl::oauthBearer(c.login, c.token, host, port));
        case AuthMethod::Auto:
        case AuthMethod::Windows:
            return Reply{504, "5.5.4", "no authentication mechanism chosen"};
        default:
            return libraryExchange(dialog, mechanismName(method), identity(c, host));
    }
}

}  // namespace mailblock::send_email::smtp
