// What the user should do about a server's refusal, per provider where providers differ (reference 004:
// application passwords, IMAP/SMTP client access, OAuth2 for Microsoft), in Russian and English.
#pragma once

#include <string>

#include "send_email/smtp/smtp_reply.hpp"

namespace mailblock::send_email::smtp {

// The hint for an error of `kind` with the server's reply, or empty when there is nothing specific to say.
// `host`: the SMTP server; a provider preset's advice (data/providers.json) answers authentication refusals.
std::string replyHint(const std::string& kind, const Reply& r, const std::string& host, const std::string& lang);

}  // namespace mailblock::send_email::smtp
