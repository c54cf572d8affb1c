// Turning what went wrong in an SMTP session into a BlockError: fate, kind, stage, codes, message and hint, in the
// run's language (stage ids and the system's English stay out of a Russian text; the server's reply is quoted).
#pragma once

#include <exception>
#include <string>

#include "common/connection.hpp"
#include "mailblock/sdk/error.hpp"
#include "send_email/smtp/smtp_reply.hpp"

namespace mailblock::send_email::smtp {

enum class Stage { Connect, Tls, Greeting, Ehlo, Auth, Mail, Rcpt, Data, EndOfData };

const char* stageName(Stage s);
// What became of the message when the session stops at `s` without a reply that says (a drop, a timeout, a
// cancel): "not_sent" before the final dot, "unknown" after it (common/outcome.hpp).
const char* fateAt(Stage s);
// Where in the dialog, as a phrase that follows a verb: "при входе (AUTH)" / "at sign-in (AUTH)", after "refused", "failed", "did not answer".
std::string stageWords(Stage s, const std::string& lang);

// Facts that make a message concrete: where we were talking to.
struct Where {
    const common::Endpoint* endpoint = nullptr;
    std::string lang = "ru";
};

// The server refused (a 4xx/5xx reply) at a stage.
sdk::BlockError replyError(Stage stage, const Reply& reply, const Where& where);
// A network or TLS failure (Poco exception) at a stage.
sdk::BlockError exceptionError(Stage stage, const std::exception& e, const Where& where);
// A failure we detected ourselves (no STARTTLS offered, credentials over plain text, ...); nothing was sent.
sdk::BlockError localError(const std::string& kind, Stage stage, const std::string& message, const std::string& hint);

}  // namespace mailblock::send_email::smtp
