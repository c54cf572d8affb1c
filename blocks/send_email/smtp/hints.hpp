// What the user should do about a server's refusal, per provider where providers differ (reference 004:
// application passwords, IMAP/SMTP client access, OAuth2 for Microsoft), in Russian and English.
#pragma once

#include <string>

#include "send_email/smtp/smtp_reply.hpp"

namespace mailblock::send_email::smtp {

enum class Provider { Other, Yandex, MailRu, Gmail, Microsoft, Rambler };

// By the SMTP host's domain: smtp.yandex.ru -> Yandex, smtp.mail.ru -> MailRu, smtp.gmail.com -> Gmail, ...
Provider providerOf(const std::string& host);

// The hint for an error of `kind` with the server's reply, or empty when there is nothing specific to say.
std::string replyHint(const std::string& kind, const Reply& r, Provider p, const std::string& lang);

}  // namespace mailblock::send_email::smtp
