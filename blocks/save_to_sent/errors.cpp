#include "save_to_sent/errors.hpp"

#include "mailblock/sdk/ascii.hpp"
#include "mailblock/sdk/utf8.hpp"

#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>

#include <fmt/format.h>

#include "common/autoconfig/provider_presets.hpp"
#include "common/failure_words.hpp"
#include "common/i18n.hpp"
#include "common/outcome.hpp"
#include "common/tls_hint.hpp"
#include "save_to_sent/imap/client.hpp"

namespace mailblock::save_to_sent {

using common::tr;

namespace {

sdk::BlockError copyError(const std::string& kind, const std::string& stage) {
    sdk::BlockError e;
    e.kind = kind;
    e.stage = stage;
    e.fate = common::fate::kCopyNotSaved;
    return e;
}

std::string server(const common::Endpoint& where) { return fmt::format("{}:{}", where.host, where.port); }

void fromServer(sdk::BlockError& e, const imap::CommandFailed& f, const std::string& host, const std::string& lang) {
    std::string code = sdk::ascii::upper(f.status.code.substr(0, f.status.code.find(' ')));
    e.stage = sdk::ascii::upper(f.command);
    e.enhanced = sdk::utf8::fromServer(f.status.code);
    // A status with no tag is one the client made up itself (in English): only the server's own words are quoted.
    const bool said_by_server = !f.status.tag.empty();
    e.server_text = said_by_server ? sdk::utf8::fromServer(f.status.text) : std::string();
    const std::string said = said_by_server ? fmt::format("{} {}", f.status.status, e.server_text) : std::string();
    auto quoted = [&](const std::string& text_ru, const std::string& text_en) {
        return said.empty() ? tr(lang, text_ru + ".", text_en + ".")
                            : tr(lang, text_ru + ": «" + said + "».", text_en + ": \"" + said + "\".");
    };
    // A server without RFC 5530 codes says it in words, English or (a legacy server's) Russian.
    auto says_quota = [&] {
        if (sdk::ascii::upper(e.server_text).find("QUOTA") != std::string::npos) return true;
        for (const char* word : {"квот", "Квот", "КВОТ"})
            if (e.server_text.find(word) != std::string::npos) return true;
        return false;
    };
    if (code == "OVERQUOTA" || (e.stage == "APPEND" && says_quota())) {
        e.kind = "over_quota";
        e.message = quoted("Ящик переполнен", "The mailbox is full");
        e.hint = tr(lang, "Освободите место в ящике или выберите Never в «Сохранять копию».",
                    "Free some space in the mailbox, or set \"Store a copy\" to Never.");
    } else if (e.stage == "LOGIN" || e.stage == "AUTHENTICATE" || code == "AUTHENTICATIONFAILED" ||
               code == "PRIVACYREQUIRED") {
        e.kind = "authentication";
        e.message =
            code == "PRIVACYREQUIRED" && !said_by_server
                ? tr(lang, "Сервер IMAP не разрешает вход без шифрования на этом соединении.",
                     "The IMAP server allows no sign-in without encryption on this connection.")
                : quoted("Сервер IMAP не принял логин или пароль", "The IMAP server refused the login or password");
        // The provider's own advice when the server is a known one (data/providers.json).
        if (const auto* p = common::autoconfig::presetForHost(host))
            e.hint = common::autoconfig::providerAdvice(*p, lang);
        else
            e.hint = tr(
                lang,
                "Проверьте логин и пароль; включите доступ по IMAP в настройках почты; Яндекс, Mail.ru и Gmail "
                "требуют пароль приложения.",
                "Check the login and password; enable IMAP access in the mailbox settings; Yandex, Mail.ru and Gmail "
                "need an application password.");
    } else if (e.stage == "STARTTLS") {
        e.kind = "tls";
        e.message = quoted("Сервер IMAP не предлагает STARTTLS", "The IMAP server does not offer STARTTLS");
        e.hint = tr(lang, "Используйте порт 993 (SSL при подключении).", "Use port 993 (SSL on connect).");
    } else {
        e.kind = "rejected";
        e.message = said_by_server ? tr(lang, "Сервер IMAP отказал на команду " + e.stage + ": «" + said + "».",
                                        "The IMAP server refused " + e.stage + ": \"" + said + "\".")
                                   : tr(lang, "Сервер IMAP ответил не по протоколу на команду " + e.stage + ".",
                                        "The IMAP server broke the protocol at " + e.stage + ".");
    }
}

// Found in the capabilities, before any token was sent: not a refused token (common/oauth tokenRefused).
void noTokenMechanism(sdk::BlockError& e, const imap::NoTokenMechanism& n, const std::string& server,
                      const std::string& lang) {
    e.kind = "authentication";
    e.stage = "CAPABILITY";
    const std::string offered = n.offered.empty() ? tr(lang, "никаких", "none") : n.offered;
    e.message = tr(lang,
                   fmt::format("Сервер IMAP {} не принимает токен OAuth2: нет ни XOAUTH2, ни OAUTHBEARER "
                               "(предлагает: {}). Токен не отправлен.",
                               server, offered),
                   fmt::format("IMAP server {} takes no OAuth2 token: it offers neither XOAUTH2 nor "
                               "OAUTHBEARER (it offers: {}). The token was not sent.",
                               server, offered));
    e.hint =
        tr(lang,
           "Для этого сервера укажите пароль (пароль приложения) вместо токена или проверьте, что сервер IMAP — "
           "сервер того же провайдера, что выдал токен.",
           "Give this server a password (an application password) instead of a token, or check that the IMAP server "
           "belongs to the provider that issued the token.");
}

}  // namespace

sdk::BlockError insecureAuthRefused(const std::string& lang) {
    sdk::BlockError e = copyError("insecure_auth", "LOGIN");
    e.message = tr(lang, "Логин и пароль IMAP не отправлены: соединение не зашифровано.",
                   "The IMAP login and password were not sent: the connection is not encrypted.");
    e.hint = tr(lang,
                "Включите SSL (993 — SSL при подключении, 143 — STARTTLS) или, только для доверенной сети, "
                "«Разрешить пароль без шифрования».",
                "Turn on SSL (993 SSL on connect, 143 STARTTLS) or, for a trusted network only, \"Allow credentials "
                "without encryption\".");
    return e;
}

sdk::BlockError signInFailed(const common::SignInWords& words, const std::string& server_text) {
    sdk::BlockError e = copyError("authentication", "AUTHENTICATE");
    e.message = words.message;
    e.hint = words.hint;
    e.server_text = server_text;
    return e;
}

sdk::BlockError saveError(const std::exception& ex, const common::Endpoint& where, const std::string& lang) {
    sdk::BlockError e = copyError("", "");
    const std::string what = common::exceptionText(ex);
    if (auto* f = dynamic_cast<const imap::CommandFailed*>(&ex)) {
        fromServer(e, *f, where.host, lang);
    } else if (auto* n = dynamic_cast<const imap::NoTokenMechanism*>(&ex)) {
        noTokenMechanism(e, *n, server(where), lang);
    } else if (dynamic_cast<const Poco::TimeoutException*>(&ex)) {
        e.kind = "timeout";
        e.message = tr(lang, "Сервер IMAP " + server(where) + " не ответил вовремя.",
                       "IMAP server " + server(where) + " did not answer in time.");
        e.hint = tr(lang, "Проверьте сервер и порт (993 — SSL, 143 — STARTTLS); увеличьте время ожидания.",
                    "Check the server and port (993 SSL, 143 STARTTLS); increase the timeout.");
    } else if (dynamic_cast<const Poco::Net::SSLException*>(&ex)) {
        e.kind = "tls";
        e.message =
            tr(lang,
               "Защищённое соединение с сервером IMAP " + server(where) +
                   " не установлено: " + common::tlsFailure(what, lang) + ".",
               "No secure connection with IMAP server " + server(where) + ": " + common::tlsFailure(what, lang) + ".");
        e.hint = common::tlsHint(what, lang);
    } else if (dynamic_cast<const Poco::Net::ConnectionRefusedException*>(&ex)) {
        e.kind = "connect_refused";
        e.message = tr(lang, "Сервер IMAP " + server(where) + " отклонил подключение.",
                       "IMAP server " + server(where) + " refused the connection.");
        e.hint = tr(lang, "Проверьте сервер и порт (993 или 143).", "Check the server and port (993 or 143).");
    } else if (dynamic_cast<const Poco::Net::HostNotFoundException*>(&ex) ||
               dynamic_cast<const Poco::Net::NoAddressFoundException*>(&ex)) {
        e.kind = "dns";
        e.message = tr(lang, "Не найден сервер IMAP " + server(where) + ".",
                       "IMAP server " + server(where) + " was not found.");
        e.hint = tr(lang, "Укажите сервер IMAP явно.", "Give the IMAP server explicitly.");
    } else {
        e.kind = "connection_lost";
        e.message = tr(
            lang, "Связь с сервером IMAP " + server(where) + " прервалась: " + common::networkFailure(ex, lang) + ".",
            "The connection to IMAP server " + server(where) + " failed: " + common::networkFailure(ex, lang) + ".");
    }
    return e;
}

sdk::BlockError folderNotFound(const std::string& folder, const std::string& lang) {
    sdk::BlockError e = copyError("folder_not_found", "LIST");
    e.message = folder.empty()
                    ? tr(lang, "Папка «Отправленные» не найдена.", "No Sent folder was found.")
                    : tr(lang, "Папка «" + folder + "» не найдена.", "Folder \"" + folder + "\" was not found.");
    e.hint = tr(lang, "Укажите папку явно в порту «Папка» (как она называется в почтовом клиенте).",
                "Name the folder in the Folder port (as the mail client shows it).");
    return e;
}

}  // namespace mailblock::save_to_sent
