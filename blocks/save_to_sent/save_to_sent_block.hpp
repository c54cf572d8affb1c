// The Save to Sent block (mail.save_to_sent): the Sent message's exact bytes -> IMAP APPEND to the Sent folder.
#pragma once

#include "mailblock/sdk/context.hpp"

namespace mailblock::save_to_sent {

void run(sdk::Context& ctx);

}  // namespace mailblock::save_to_sent
