#include "save_to_sent/errors.hpp"

#include "mailblock/sdk/ascii.hpp"

#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>

#include <fmt/format.h>

#include "common/autoconfig/provider_presets.hpp"
#include "common/i18n.hpp"
#include "common/tls_hint.hpp"
#include "save_to_sent/imap/client.hpp"

namespace mailblock::save_to_sent {

using common::tr;

namespace {

std::string delivered(const std::string& lang) {
    return tr(lang, "Письмо отправлено, но его копия в «Отправленных» не сохранена: ",
              "The email was delivered, but its copy in the Sent folder was not stored: ");
}

void fromServer(sdk::BlockError& e, const imap::CommandFailed& f, const std::string& host, const std::string& lang) {
    std::string code = sdk::ascii::upper(f.status.code.substr(0, f.status.code.find(' ')));
    e.stage = sdk::ascii::upper(f.command);
    e.enhanced = f.status.code;
    e.server_text = f.status.text;
    std::string said = fmt::format("{} {}", f.status.status, f.status.text);
    if (code == "OVERQUOTA" || (e.stage == "APPEND" && sdk::ascii::upper(f.status.text).find("QUOTA") != std::string::npos)) {
        e.kind = "over_quota";
        e.message = delivered(lang) + tr(lang, "ящик переполнен (" + said + ").", "the mailbox is full (" + said + ").");
        e.hint = tr(lang, "Освободите место в ящике или выберите Never в «Сохранять копию».",
                    "Free some space in the mailbox, or set \"Store a copy\" to Never.");
    } else if (e.stage == "LOGIN" || e.stage == "AUTHENTICATE" || code == "AUTHENTICATIONFAILED") {
        e.kind = "authentication";
        e.message = delivered(lang) + tr(lang, "сервер IMAP не принял логин или пароль (" + said + ").",
                                         "the IMAP server refused the login or password (" + said + ").");
        // The provider's own advice when the server is a known one (data/providers.json).
        if (const auto* p = common::autoconfig::presetForHost(host)) e.hint = common::autoconfig::providerAdvice(*p, lang);
        else
            e.hint = tr(lang, "Проверьте логин и пароль; включите доступ по IMAP в настройках почты; Яндекс, Mail.ru и Gmail "
                              "требуют пароль приложения.",
                        "Check the login and password; enable IMAP access in the mailbox settings; Yandex, Mail.ru and Gmail "
                        "need an application password.");
    } else if (e.stage == "STARTTLS") {
        e.kind = "tls";
        e.message = delivered(lang) + tr(lang, "сервер не предлагает STARTTLS (" + said + ").",
                                         "the server does not offer STARTTLS (" + said + ").");
        e.hint = tr(lang, "Используйте порт 993 (SSL при подключении).", "Use port 993 (SSL on connect).");
    } else {
        e.kind = "rejected";
        e.message = delivered(lang) + tr(lang, "сервер отказал (" + e.stage + ": " + said + ").",
                                         "the server refused (" + e.stage + ": " + said + ").");
    }
}

// Found in the capabilities, before any token was sent: not a refused token (common/oauth tokenRefused).
void noTokenMechanism(sdk::BlockError& e, const imap::NoTokenMechanism& n, const std::string& server,
                      const std::string& lang) {
    e.kind = "authentication";
    e.stage = "CAPABILITY";
    const std::string offered = n.offered.empty() ? tr(lang, "никаких", "none") : n.offered;
    e.message =
        delivered(lang) + tr(lang,
                             fmt::format("сервер IMAP {} не принимает токен OAuth2: нет ни XOAUTH2, ни OAUTHBEARER "
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
    sdk::BlockError e;
    e.kind = "insecure_auth";
    e.stage = "LOGIN";
    e.message = delivered(lang) + tr(lang, "логин и пароль IMAP не отправлены: соединение не зашифровано.",
                                     "the IMAP login and password were not sent: the connection is not encrypted.");
    e.hint = tr(lang, "Включите SSL (993 — SSL при подключении, 143 — STARTTLS) или, только для доверенной сети, "
                      "«Разрешить пароль без шифрования».",
                "Turn on SSL (993 SSL on connect, 143 STARTTLS) or, for a trusted network only, \"Allow credentials "
                "without encryption\".");
    return e;
}

sdk::BlockError saveError(const std::exception& ex, const common::Endpoint& where, const std::string& lang) {
    sdk::BlockError e;
    std::string server = fmt::format("{}:{}", where.host, where.port);
    std::string what = ex.what();
    if (auto* pe = dynamic_cast<const Poco::Exception*>(&ex)) what = pe->displayText();
    if (auto* f = dynamic_cast<const imap::CommandFailed*>(&ex)) {
        fromServer(e, *f, where.host, lang);
    } else if (auto* n = dynamic_cast<const imap::NoTokenMechanism*>(&ex)) {
        noTokenMechanism(e, *n, server, lang);
    } else if (dynamic_cast<const Poco::TimeoutException*>(&ex)) {
        e.kind = "timeout";
        e.message = delivered(lang) + tr(lang, "сервер IMAP " + server + " не ответил вовремя.", "IMAP server " + server + " did not answer in time.");
        e.hint = tr(lang, "Проверьте сервер и порт (993 — SSL, 143 — STARTTLS); увеличьте время ожидания.",
                    "Check the server and port (993 SSL, 143 STARTTLS); increase the timeout.");
    } else if (dynamic_cast<const Poco::Net::SSLException*>(&ex)) {
        e.kind = "tls";
        e.message = delivered(lang) + tr(lang, "ошибка TLS с " + server + ": " + what, "TLS failed with " + server + ": " + what);
        e.hint = common::tlsHint(what, lang);
    } else if (dynamic_cast<const Poco::Net::ConnectionRefusedException*>(&ex)) {
        e.kind = "connect_refused";
        e.message = delivered(lang) + tr(lang, "сервер IMAP " + server + " отклонил подключение.", "IMAP server " + server + " refused the connection.");
        e.hint = tr(lang, "Проверьте сервер и порт (993 или 143).", "Check the server and port (993 or 143).");
    } else if (dynamic_cast<const Poco::Net::HostNotFoundException*>(&ex) ||
               dynamic_cast<const Poco::Net::NoAddressFoundException*>(&ex)) {
        e.kind = "dns";
        e.message = delivered(lang) + tr(lang, "не найден сервер IMAP " + server + ".", "IMAP server " + server + " was not found.");
        e.hint = tr(lang, "Укажите сервер IMAP явно.", "Give the IMAP server explicitly.");
    } else {
        e.kind = "connection_lost";
        e.message = delivered(lang) + tr(lang, "связь с " + server + " прервалась: " + what, "the connection to " + server + " failed: " + what);
    }
    return e;
}

sdk::BlockError folderNotFound(const std::string& folder, const std::string& lang) {
    sdk::BlockError e;
    e.kind = "folder_not_found";
    e.stage = "LIST";
    e.message = delivered(lang) + (folder.empty() ? tr(lang, "папка «Отправленные» не найдена.", "no Sent folder was found.")
                                                  : tr(lang, "папка «" + folder + "» не найдена.", "folder \"" + folder + "\" was not found."));
    e.hint = tr(lang, "Укажите папку явно в порту «Папка» (как она называется в почтовом клиенте).",
                "Name the folder in the Folder port (as the mail client shows it).");
    return e;
}

}  // namespace mailblock::save_to_sent
