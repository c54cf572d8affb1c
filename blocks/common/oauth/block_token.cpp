#include "common/oauth/block_token.hpp"

#include <fmt/format.h>

#include "common/connection_ports.hpp"
#include "common/i18n.hpp"
#include "common/oauth/token_client.hpp"
#include "common/oauth/token_source.hpp"

namespace mailblock::common::oauth {

namespace {

std::string signInCommand(const std::string& name) {
    return fmt::format("rpa oauth login --provider ... --client-id ... --save {}", name);
}

// What to do about a credential store the block cannot use: only a missing credential calls for signing in.
std::string storeAdvice(StoreError::Kind kind, const std::string& path, const std::string& login,
                        const std::string& lang) {
    switch (kind) {
        case StoreError::Kind::NoSuchCredential:
            return tr(lang, "Войдите один раз: " + login, "Sign in once: " + login);
        case StoreError::Kind::NotPrivate:
            return tr(lang,
                      fmt::format("Закройте файл от других: chmod 600 {} (и войдите заново, если его могли прочитать).",
                                  path),
                      fmt::format("Make the file private: chmod 600 {} (and sign in again if others may have read it).",
                                  path));
        case StoreError::Kind::Damaged:
            return tr(lang, fmt::format("Удалите {} и войдите заново: {}", path, login),
                      fmt::format("Remove {} and sign in again: {}", path, login));
        case StoreError::Kind::Unusable:
            break;
    }
    if (path.empty())
        return tr(lang, "Задайте HOME (или XDG_CONFIG_HOME) для процесса, который выполняет диаграмму.",
                  "Set HOME (or XDG_CONFIG_HOME) for the process that runs the diagram.");
    return tr(lang, fmt::format("Проверьте файл {} и права на его папку.", path),
              fmt::format("Check the file {} and its folder's permissions.", path));
}

[[noreturn]] void fail(const std::string& kind, std::string message, std::string hint) {
    sdk::BlockError e;
    e.kind = kind;
    e.stage = "oauth";
    e.message = std::move(message);
    e.hint = std::move(hint);
    throw sdk::BlockFailure(e);
}

}  // namespace

std::optional<BlockToken> blockToken(const sdk::Context& ctx, const std::string& refused) {
    const std::string name = ctx.text(port::kOAuthCredential);
    if (name.empty()) return std::nullopt;
    const std::string lang = ctx.language();
    TokenRequest request;
    request.name = name;
    request.refused_token = refused;
    request.timeout = std::chrono::seconds(static_cast<long>(ctx.number(port::kTimeout).value_or(30)));
    const std::string login = signInCommand(name);
    std::string store_path;  // empty while unknown (no HOME)
    try {
        CredentialStore store = CredentialStore::forUser();
        store_path = store.path();
        AccessToken t = accessToken(store, request);
        long left = static_cast<long>(t.expires_at - unixNow());
        if (ctx.debugEnabled())
            ctx.debug(t.refreshed ? fmt::format("OAuth2 credential \"{}\" ({}, {}): access token refreshed, valid {} s",
                                                name, t.provider, t.account, left)
                                  : fmt::format("OAuth2 credential \"{}\" ({}, {}): cached access token, valid {} s more",
                                                name, t.provider, t.account, left));
        return BlockToken{name, t.token, t.account};
    } catch (const StoreError& e) {
        fail("invalid_input",
             tr(lang, fmt::format("Учётная запись OAuth2 «{}»: {}", name, e.what()),
                fmt::format("OAuth2 credential \"{}\": {}", name, e.what())),
             storeAdvice(e.kind, store_path, login, lang));
    } catch (const OAuthError& e) {
        if (e.code == "invalid_grant")
            fail("authentication",
                 tr(lang, fmt::format("Вход OAuth2 «{}» истёк или отозван (invalid_grant): токен обновления больше не действует.", name),
                    fmt::format("The OAuth2 sign-in \"{}\" has expired or was revoked (invalid_grant): its refresh token "
                                "no longer works.", name)),
                 tr(lang, "Войдите заново: " + login, "Sign in again: " + login));
        fail("authentication",
             tr(lang, fmt::format("Не удалось обновить токен доступа OAuth2 «{}»: {}", name, e.what()),
                fmt::format("Could not refresh the OAuth2 access token of \"{}\": {}", name, e.what())),
             tr(lang, "Проверьте сеть и адрес сервера токенов; если ошибка повторяется, войдите заново: " + login,
                "Check the network and the token endpoint; if this goes on, sign in again: " + login));
    }
}

void useToken(const BlockToken& t, std::string& login, std::string& token) {
    token = t.token;
    if (login.empty()) login = t.account;
}

// Not a refusal: the renewal itself failed (stage oauth), or no mechanism for a token was on offer (IMAP's
// CAPABILITY), so nothing was sent that a fresh token could change.
bool tokenRefused(const sdk::BlockError& e) {
    // Not at the capabilities (IMAP CAPABILITY, SMTP EHLO): the server offered no token mechanism, nothing was sent.
    return e.kind == "authentication" && e.stage != "oauth" && e.stage != "CAPABILITY" && e.stage != "ehlo";
}

sdk::BlockFailure refusedAfterRefresh(sdk::BlockError e, const BlockToken& t, const std::string& lang) {
    e.hint = tr(lang,
                fmt::format("Сервер не принял и обновлённый токен OAuth2 «{}» ({}). Проверьте, что при входе выдан доступ к "
                            "почте (для Gmail область https://mail.google.com/, для Microsoft SMTP.Send и "
                            "IMAP.AccessAsUser.All), что в ящике включён доступ по SMTP/IMAP и что логин — это {}. "
                            "Затем войдите заново: {}",
                            t.name, t.account, t.account, signInCommand(t.name)),
                fmt::format("The server refused the renewed OAuth2 token of \"{}\" ({}) too. Check that the sign-in "
                            "granted mail access (for Gmail the scope https://mail.google.com/, for Microsoft SMTP.Send and "
                            "IMAP.AccessAsUser.All), that SMTP/IMAP access is on for the mailbox, and that the login is "
                            "{}. Then sign in again: {}",
                            t.name, t.account, t.account, signInCommand(t.name)));
    return sdk::BlockFailure(std::move(e));
}

sdk::BlockFailure givenTokenRefused(sdk::BlockError e, const std::string& lang) {
    e.hint = tr(lang,
                "Сервер не принял токен доступа OAuth2. Токены действуют недолго (обычно час): войдите один раз "
                "командой `rpa oauth login ... --save ИМЯ` и укажите ИМЯ в порте «Учётная запись OAuth2» — токен будет "
                "обновляться сам. Проверьте и то, что токен выдан для почты (для Gmail область https://mail.google.com/).",
                "The server refused the OAuth2 access token. Access tokens expire soon (usually within an hour): sign "
                "in once with `rpa oauth login ... --save NAME` and give NAME to the \"OAuth2 credential\" port, and the "
                "token renews itself. Check also that the token was issued for mail (for Gmail the scope "
                "https://mail.google.com/).");
    return sdk::BlockFailure(std::move(e));
}

}  // namespace mailblock::common::oauth
