// The Send email block (mail.send): inputs -> one message as bytes + an envelope -> SMTP -> Sent message.
#pragma once

#include "mailblock/sdk/context.hpp"

namespace mailblock::send_email {

void run(sdk::Context& ctx);
// Closes pooled connections (QUIT) and removes spool files: the end of the host's run.
void shutdown();

}  // namespace mailblock::send_email
