#include "send_email/smtp/hints.hpp"

#include "common/autoconfig/provider_presets.hpp"
#include "common/i18n.hpp"
#include "mailblock/sdk/ascii.hpp"

namespace mailblock::send_email::smtp {

using common::tr;

namespace {

// Reference 004's advice per provider comes from the presets; a server of unknown provenance gets the general one.
std::string authenticationHint(const std::string& host, const std::string& lang) {
    if (const auto* p = common::autoconfig::presetForHost(host)) return common::autoconfig::providerAdvice(*p, lang);
    return tr(
        lang,
        "Проверьте логин и пароль. Войдите в почту через браузер, чтобы подтвердить аккаунт. Если у ящика включены "
        "пароли приложений (Яндекс, Mail.ru, Gmail), нужен пароль приложения, а не основной.",
        "Check the login and password. Sign in to the mailbox in a browser to confirm the account. If the mailbox "
        "uses application passwords (Yandex, Mail.ru, Gmail), use an application password, not the main one.");
}

std::string signInFirst(const std::string& lang) {
    return tr(lang, "Сервер требует входа (отправьте AUTH первым): укажите Логин и Пароль (или токен доступа).",
              "The server requires sign-in (send AUTH first): fill in Login and Password (or an access token).");
}

std::string temporary(const std::string& lang) {
    return tr(lang, "Временная ошибка сервера: повторите позже.", "A temporary server failure: try again later.");
}

std::string senderMustMatch(const std::string& lang) {
    return tr(
        lang,
        "Сервер не разрешает отправлять от этого адреса: «Email отправителя» должен совпадать с логином (или быть "
        "адресом, разрешённым для него).",
        "The server does not let this login send as this address: the sender email must be the login's own "
        "address (or one allowed for it).");
}

std::string tooBig(const std::string& lang) {
    return tr(lang, "Письмо больше, чем принимает сервер: уменьшите вложения или отправьте ссылку на файл.",
              "The message is larger than the server accepts: make the attachments smaller or send a link.");
}

// The reply's enhanced code starts with `prefix` ("5.7" matches 5.7.1 and 5.7.60), or its text holds `word`.
bool enhanced(const Reply& r, const std::string& prefix) { return r.enhanced.rfind(prefix, 0) == 0; }
bool says(const Reply& r, const char* word) { return sdk::ascii::lower(r.text).find(word) != std::string::npos; }

std::string atGreeting(const Reply& r, const std::string& lang) {
    if (r.transient()) return temporary(lang);
    return tr(lang,
              "Сервер не принимает соединения с этого компьютера (адрес в чёрном списке или доступ закрыт): спросите "
              "администратора сервера или используйте сервер своей почты.",
              "The server takes no connections from this computer (its address is blocked or access is closed): ask "
              "the server's administrator, or use your mailbox's own server.");
}

std::string atEhlo(const Reply& r, const std::string& lang) {
    if (r.transient()) return temporary(lang);
    return tr(
        lang,
        "Сервер не принял имя компьютера в EHLO: укажите в порту «Имя в EHLO» полное имя (например, robot.example.ru).",
        "The server did not accept this computer's name in EHLO: give a full name in the EHLO name port (e.g. "
        "robot.example.org).");
}

std::string atAuth(const Reply& r, const std::string& host, const std::string& lang) {
    if (r.code == 504 || r.enhanced == "5.5.4" || says(r, "unrecognized authentication"))
        return tr(lang, "Сервер не поддерживает этот способ входа: выберите Auto в «Способ авторизации».",
                  "The server does not support this sign-in method: choose Auto in Authentication method.");
    if (r.transient() && !(r.code == 454 && enhanced(r, "4.7.0") && says(r, "credentials"))) return temporary(lang);
    return authenticationHint(host, lang);
}

std::string atMail(const Reply& r, const std::string& lang) {
    if (says(r, "starttls"))
        return tr(
            lang,
            "Сервер требует шифрования до входа: выберите «Безопасность» STARTTLS (порт 587) или SSL при подключении "
            "(465).",
            "The server wants encryption before sign-in: choose Security STARTTLS (port 587) or SSL on connect (465).");
    if (r.code == 530 || r.code == 503 || says(r, "authentication required")) return signInFirst(lang);
    if (r.code == 552 || enhanced(r, "5.3.4")) return tooBig(lang);
    if (r.transient()) return temporary(lang);
    // 553 5.7.1 "not owned by user"; 553 5.1.x is the address itself (a domain that does not exist).
    if (enhanced(r, "5.7") || (r.code == 553 && !enhanced(r, "5.1"))) return senderMustMatch(lang);
    return tr(lang, "Сервер не принял адрес отправителя: проверьте «Email отправителя».",
              "The server did not accept the sender's address: check the sender email.");
}

std::string atRcpt(const Reply& r, const std::string& lang) {
    if (r.code == 503 || r.code == 530) return signInFirst(lang);
    if (says(r, "relay") || (enhanced(r, "5.7.1") && !says(r, "spam")))
        return tr(lang,
                  "Этот сервер не пересылает письма на чужие адреса для вас: войдите (укажите Логин и Пароль) или "
                  "отправляйте через сервер своего почтового ящика.",
                  "This server does not relay mail to other domains for you: sign in (fill in Login and Password) or "
                  "send through your own mailbox's server.");
    if (r.code == 452 || enhanced(r, "4.5.3") || enhanced(r, "5.5.3"))
        return tr(lang,
                  "Сервер принимает не больше определённого числа получателей за раз: разделите рассылку на части.",
                  "The server takes only so many recipients at a time: split the mailing into smaller parts.");
    if (enhanced(r, "5.2.2") || enhanced(r, "4.2.2"))
        return tr(lang, "Ящик получателя переполнен: сообщите получателю другим путём.",
                  "The recipient's mailbox is full: tell the recipient some other way.");
    if (r.transient()) return temporary(lang);
    return tr(lang, "Проверьте адрес получателя: такого ящика может не существовать.",
              "Check the recipient address: the mailbox may not exist.");
}

std::string atData(const Reply& r, const std::string& lang) {
    if (r.code == 552 || enhanced(r, "5.3.4")) return tooBig(lang);
    if (r.transient()) return temporary(lang);
    if (enhanced(r, "5.7.60") || says(r, "sendasdenied") || says(r, "not owned")) return senderMustMatch(lang);
    if (r.code == 554 || r.code == 550 || enhanced(r, "5.7"))
        return tr(lang,
                  "Письмо отклонено как спам или политикой сервера: проверьте лимиты отправки тарифа (при рассылке — "
                  "сервис рассылок), текст письма и ссылки в нём.",
                  "Rejected as spam or by the server's policy: check the plan's sending limits (for mailings, use a "
                  "mailing service), the message text and its links.");
    return {};
}

}  // namespace

std::string replyHint(Stage stage, const std::string& kind, const Reply& r, const std::string& host,
                      const std::string& lang) {
    if (r.code == 421)
        return tr(
            lang,
            "Сервер разорвал соединение (421). Повторите позже; если повторяется — порт 587 со STARTTLS или 465 с "
            "SSL, и включите в почте доступ почтовых клиентов. При рассылке — проверьте лимиты тарифа.",
            "The server closed the connection (421). Try again later; if it persists use port 587 with STARTTLS "
            "or 465 with SSL, and allow mail clients in the mailbox settings. For mailings, check the plan's limits.");
    switch (stage) {
        case Stage::Greeting:
            return atGreeting(r, lang);
        case Stage::Ehlo:
            return atEhlo(r, lang);
        case Stage::Auth:
            return atAuth(r, host, lang);
        case Stage::Mail:
            return atMail(r, lang);
        case Stage::Rcpt:
            return atRcpt(r, lang);
        case Stage::Data:
        case Stage::EndOfData:
            return atData(r, lang);
        default:
            break;
    }
    if (kind == "authentication") return authenticationHint(host, lang);
    return r.transient() ? temporary(lang) : std::string();
}

}  // namespace mailblock::send_email::smtp
