// What the user should do about a server's refusal: the stage decides as much as the code (554 5.7.1 at RCPT is
// "this server does not relay for you", at the end of the data "spam"), and the provider where providers differ
// (reference 004: application passwords, IMAP/SMTP client access, OAuth2 for Microsoft), in Russian and English.
#pragma once

#include <string>

#include "send_email/smtp/smtp_reply.hpp"
#include "send_email/smtp/errors.hpp"

namespace mailblock::send_email::smtp {

// The hint for the server's reply at `stage` (an error of `kind`), or empty when there is nothing specific to say.
// `host`: the SMTP server; a provider preset's advice (data/providers.json) answers authentication refusals.
std::string replyHint(Stage stage, const std::string& kind, const Reply& r, const std::string& host, const std::string& lang);

}  // namespace mailblock::send_email::smtp
