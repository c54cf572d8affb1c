#include "send_email/smtp/hints.hpp"

#include "common/i18n.hpp"
#include "mailblock/sdk/ascii.hpp"

namespace mailblock::send_email::smtp {

using common::tr;

Provider providerOf(const std::string& host) {
    std::string h = "." + sdk::ascii::lower(host);
    auto under = [&](const char* domain) {
        std::string d = std::string(".") + domain;
        return h.size() >= d.size() && h.compare(h.size() - d.size(), d.size(), d) == 0;
    };
    if (under("yandex.ru") || under("yandex.com") || under("yandex.net") || under("ya.ru")) return Provider::Yandex;
    if (under("mail.ru")) return Provider::MailRu;
    if (under("gmail.com") || under("googlemail.com") || under("google.com")) return Provider::Gmail;
    if (under("outlook.com") || under("office365.com") || under("hotmail.com") || under("live.com")) return Provider::Microsoft;
    if (under("rambler.ru")) return Provider::Rambler;
    return Provider::Other;
}

namespace {

std::string authenticationHint(const Reply& r, Provider p, const std::string& lang) {
    switch (p) {
        case Provider::Yandex:
            return tr(lang,
                      "Яндекс принимает только пароль приложения: id.yandex.ru → «Безопасность» → «Пароли приложений» → "
                      "тип «Почта» (https://yandex.ru/support/id/authorization/app-passwords.html). Также включите в Почте "
                      "«Все настройки → Почтовые программы → С сервера imap.yandex.ru по протоколу IMAP».",
                      "Yandex accepts only an application password: id.yandex.ru → Security → App passwords → type Mail "
                      "(https://yandex.ru/support/id/authorization/app-passwords.html). Also allow mail clients in Mail "
                      "settings → Email clients.");
        case Provider::MailRu:
            return tr(lang,
                      "Mail.ru принимает только пароль для внешних приложений: https://id.mail.ru/security → «Способы входа» → "
                      "«Пароли для внешних приложений»; включите «Доступ к Почте по IMAP, POP и SMTP».",
                      "Mail.ru accepts only a password for external applications: https://id.mail.ru/security → Sign-in "
                      "methods → Passwords for external applications; enable IMAP, POP and SMTP access.");
        case Provider::Gmail:
            return tr(lang,
                      "Gmail: включите двухэтапную аутентификацию и создайте пароль приложения "
                      "(https://support.google.com/accounts/answer/185833) или входите по OAuth2 (XOAUTH2, порт «Токен доступа "
                      "OAuth2»).",
                      "Gmail: turn on 2-Step Verification and create an app password "
                      "(https://support.google.com/accounts/answer/185833), or sign in with OAuth2 (XOAUTH2, the \"OAuth2 "
                      "access token\" port).");
        case Provider::Microsoft:
            if (r.enhanced == "5.7.3" || r.enhanced == "5.7.139" || r.text.find("basic") != std::string::npos)
                return tr(lang,
                          "Microsoft отключил вход по паролю (basic auth) для SMTP: используйте OAuth2 — порт «Токен доступа "
                          "OAuth2» (XOAUTH2).",
                          "Microsoft has switched off password (basic) authentication for SMTP: use OAuth2 — the \"OAuth2 "
                          "access token\" port (XOAUTH2).");
            return tr(lang,
                      "Outlook: создайте пароль приложения (account.microsoft.com → «Безопасность» → «Расширенные параметры») "
                      "или используйте OAuth2 (XOAUTH2).",
                      "Outlook: create an app password (account.microsoft.com → Security → Advanced security options) or "
                      "use OAuth2 (XOAUTH2).");
        case Provider::Rambler:
            return tr(lang,
                      "Рамблер: в настройках почты включите «Приложения → Доступ к почтовому ящику с помощью почтовых клиентов».",
                      "Rambler: in the mail settings turn on Apps → Access to the mailbox from mail clients.");
        case Provider::Other: break;
    }
    return tr(lang,
              "Проверьте логин и пароль. Войдите в почту через браузер, чтобы подтвердить аккаунт. Если у ящика включены "
              "пароли приложений (Яндекс, Mail.ru, Gmail), нужен пароль приложения, а не основной.",
              "Check the login and password. Sign in to the mailbox in a browser to confirm the account. If the mailbox "
              "uses application passwords (Yandex, Mail.ru, Gmail), use an application password, not the main one.");
}

}  // namespace

std::string replyHint(const std::string& kind, const Reply& r, Provider p, const std::string& lang) {
    if (kind == "authentication" || (r.code == 534 && r.enhanced == "5.7.14")) return authenticationHint(r, p, lang);
    if (kind == "authentication_required")
        return tr(lang, "Сервер требует авторизации (отправьте AUTH первым): укажите Логин и Пароль.",
                  "The server requires authentication (send AUTH first): fill in Login and Password.");
    if (r.code == 421)
        return tr(lang,
                  "Сервер разорвал соединение (421). Повторите позже; если повторяется — порт 587 со STARTTLS или 465 с "
                  "SSL, и включите в почте доступ почтовых клиентов. При рассылке — проверьте лимиты тарифа.",
                  "The server closed the connection (421). Try again later; if it persists use port 587 with STARTTLS "
                  "or 465 with SSL, and allow mail clients in the mailbox settings. For mailings, check the plan's limits.");
    if (r.code == 554 || r.enhanced == "5.7.1")
        return tr(lang,
                  "Письмо отклонено как спам или политикой сервера: проверьте лимиты отправки тарифа, что «Email "
                  "отправителя» совпадает с логином, и текст письма.",
                  "Rejected as spam or by the server's policy: check the plan's sending limits, that the sender email "
                  "matches the login, and the message text.");
    if (r.transient())
        return tr(lang, "Временная ошибка сервера: повторите позже.", "A temporary server failure: try again later.");
    if (kind == "sender_rejected")
        return tr(lang, "У большинства почтовых служб «Email отправителя» должен совпадать с логином (или быть разрешён для него).",
                  "On most providers the sender email must be the login's own address (or one allowed for it).");
    if (kind == "recipient_rejected")
        return tr(lang,
                  "Проверьте адрес получателя: ящика может не существовать; без авторизации сервер не пересылает на чужие домены.",
                  "Check the recipient address: the mailbox may not exist; without authentication the server does not relay "
                  "to other domains.");
    if (kind == "size_exceeded")
        return tr(lang, "Письмо больше, чем принимает сервер: уменьшите вложения или отправьте ссылку на файл.",
                  "The message is larger than the server accepts: make the attachments smaller or send a link.");
    return {};
}

}  // namespace mailblock::send_email::smtp
