// The login form fallback of auto-setup: when the settings found do not say for sure whether the SMTP server takes
// the full address or its local part (a provider that accepts either, SRV records, a guess), the full address goes
// first and, when the server answers 535, the local part is tried once before the block fails. The Debug log says
// which one worked, and the request keeps it, so the Sent message's account (and Save to Sent) uses it.
#pragma once

#include <functional>
#include <string>

#include "mailblock/sdk/context.hpp"
#include "send_email/request.hpp"

namespace mailblock::send_email {

// The local part to try after the server refused `r`'s login; empty when no second form applies (the form is
// documented, the login is not an address, or it signs in with a token).
std::string localPartToTry(const SendRequest& r);

// Runs `attempt` (a delivery or a connection check with r's credentials); on a 535 that localPartToTry allows,
// switches r's login to the local part and runs it once more. Other failures pass through unchanged.
void withLoginFallback(const sdk::Context& ctx, SendRequest& r, const std::function<void()>& attempt);

// The login for the IMAP server auto-setup found, for the Sent message's account: the form that IMAP server is
// documented to take (iCloud: the local part, while its SMTP takes the address), else the login SMTP accepted.
std::string imapLogin(const SendRequest& r);

}  // namespace mailblock::send_email
