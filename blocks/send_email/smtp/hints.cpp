#include "send_email/smtp/hints.hpp"

#include "common/autoconfig/provider_presets.hpp"
#include "common/i18n.hpp"

namespace mailblock::send_email::smtp {

using common::tr;

namespace {

// Reference 004's advice per provider comes from the presets; a server of unknown provenance gets the general one.
std::string authenticationHint(const std::string& host, const std::string& lang) {
    if (const auto* p = common::autoconfig::presetForHost(host)) return common::autoconfig::providerAdvice(*p, lang);
    return tr(lang,
              "Проверьте логин и пароль. Войдите в почту через браузер, чтобы подтвердить аккаунт. Если у ящика включены "
              "пароли приложений (Яндекс, Mail.ru, Gmail), нужен пароль приложения, а не основной.",
              "Check the login and password. Sign in to the mailbox in a browser to confirm the account. If the mailbox "
              "uses application passwords (Yandex, Mail.ru, Gmail), use an application password, not the main one.");
}

}  // namespace

std::string replyHint(const std::string& kind, const Reply& r, const std::string& host, const std::string& lang) {
    if (kind == "authentication" || (r.code == 534 && r.enhanced == "5.7.14")) return authenticationHint(host, lang);
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
