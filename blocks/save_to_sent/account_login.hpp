// The login Save to Sent takes from the Sent message's account when its Login port is empty.
#pragma once

#include <string>

#include "mailblock/sdk/value.hpp"

namespace mailblock::save_to_sent {

// The IMAP login Send email's auto-setup recorded (account.imap.login: the form that IMAP server takes, or the one
// SMTP accepted after the login form fallback), else the SMTP login (account.login).
std::string accountLogin(const sdk::Value& account);

// Whether `login` is one of the account's own logins, so the account's password may go with it.
bool isAccountLogin(const sdk::Value& account, const std::string& login);

}  // namespace mailblock::save_to_sent
