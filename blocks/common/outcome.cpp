#include "common/outcome.hpp"

#include "common/i18n.hpp"

namespace mailblock::common::fate {

std::string words(const std::string& fate, const std::string& lang) {
    if (fate == kNotSent) return tr(lang, "Письмо не отправлено", "The message was not sent");
    if (fate == kPartial)
        return tr(lang, "Письмо отправлено не всем получателям", "The message was not sent to every recipient");
    if (fate == kUnknown)
        return tr(lang, "Неизвестно, принято ли письмо", "It is unknown whether the message was accepted");
    if (fate == kCheckFailed)
        return tr(lang, "Проверка не прошла, письмо не отправлялось", "The check failed; no message was sent");
    if (fate == kCopyNotSaved)
        return tr(lang, "Письмо отправлено, но его копия в «Отправленных» не сохранена",
                  "The email was delivered, but its copy was not stored in the Sent folder");
    return {};
}

sdk::BlockError stated(sdk::BlockError e, const std::string& fallback, const std::string& lang) {
    if (e.fate.empty()) e.fate = fallback;
    const std::string head = words(e.fate, lang);
    if (head.empty() || e.message.rfind(head, 0) == 0) return e;
    e.message = e.message.empty() ? head + "." : head + ". " + e.message;
    return e;
}

}  // namespace mailblock::common::fate
