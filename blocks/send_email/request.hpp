// A Send email run's inputs, read from the context and checked together: every problem is reported at
// once, naming the port, before any connection is made.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/autoconfig/found_settings.hpp"
#include "mailblock/sdk/context.hpp"
#include "send_email/message/message_spec.hpp"
#include "send_email/smtp/transport.hpp"

namespace mailblock::send_email {

// Bounds on one message, each refused with an error naming the port (nothing is sent):
constexpr size_t kMaxRecipients = 1000;          // To + Copy + Blind copy; Postfix's default smtpd_recipient_limit
constexpr size_t kMaxAttachments = 500;
constexpr size_t kMaxOneLineBytes = size_t{16} * 1024;  // one single-line value: a subject, a name, a server

struct SendRequest {
    smtp::TransportSettings transport;
    message::MessageSpec message;
    std::vector<message::Mailbox> bcc;
    smtp::DsnRequest dsn;        // «Уведомление о доставке»
    std::string bounce_address;  // the envelope's MAIL FROM when not the sender («Адрес для возвратов»)
    std::string eml_path;
    std::vector<std::string> warnings;  // said to the author before sending (an unused inline image)  // «Только сохранить .eml»: the File transport writes the message here, nothing is sent
    bool fail_on_any_refusal = false;  // "If any refused": a single refused recipient fails the block
    smtp::PoolOptions pool;
    // Server was left empty: auto_settings.hpp fills the transport from the sender's address before sending.
    bool find_settings = false;
    std::optional<common::autoconfig::FoundSettings> found_settings;  // what auto-setup chose, and why
    const std::string& envelopeFrom() const { return bounce_address.empty() ? message.from.address : bounce_address; }
    // To, Cc and Bcc addresses, each once, in that order: the envelope's recipients.
    std::vector<std::string> envelopeRecipients() const;
    // Some address (sender, recipients, Reply-To) has UTF-8 before its @: the server must offer SMTPUTF8.
    bool needsSmtpUtf8() const;
};

// Throws sdk::BlockFailure (kind "invalid_input") listing every problem.
SendRequest readRequest(const sdk::Context& ctx);

}  // namespace mailblock::send_email
