// A Send email run's inputs, read from the context and checked together: every problem is reported at
// once, naming the port, before any connection is made.
#pragma once

#include <string>
#include <vector>

#include "mailblock/sdk/context.hpp"
#include "send_email/message/message_spec.hpp"
#include "send_email/smtp/transport.hpp"

namespace mailblock::send_email {

struct SendRequest {
    smtp::TransportSettings transport;
    message::MessageSpec message;
    std::vector<message::Mailbox> bcc;
    bool fail_on_any_refusal = false;
    smtp::PoolOptions pool;  // "If any refused": a single refused recipient fails the block
    // To, Cc and Bcc addresses, each once, in that order: the envelope's recipients.
    std::vector<std::string> envelopeRecipients() const;
};

// Throws sdk::BlockFailure (kind "invalid_input") listing every problem.
SendRequest readRequest(const sdk::Context& ctx);

}  // namespace mailblock::send_email
