// Errors of the delivery's own making, each stating the message's fate first: a cancelled run, a server that
// speaks only HELO when extensions are needed. (Errors from replies and exceptions are errors.hpp's.)
#pragma once

#include "mailblock/sdk/error.hpp"
#include "send_email/smtp/errors.hpp"
#include "send_email/smtp/smtp_reply.hpp"

namespace mailblock::send_email::smtp {

// The run was cancelled at `stage`: "cancelled" (not sent) before the end of data, "unknown_outcome" after it.
sdk::BlockError cancelledError(Stage stage, const Where& where);

// The server refused EHLO (`refused`, 500/502) and STARTTLS (`for_tls`) or AUTH needs an extension.
sdk::BlockError heloOnlyError(const Reply& refused, bool for_tls, const Where& where);

}  // namespace mailblock::send_email::smtp
