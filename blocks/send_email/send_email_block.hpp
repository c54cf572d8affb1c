// The Send email block (mail.send): inputs -> one message as bytes + an envelope -> SMTP -> Sent message.
#pragma once

#include "mailblock/sdk/context.hpp"

namespace mailblock::send_email {

void run(sdk::Context& ctx);

}  // namespace mailblock::send_email
