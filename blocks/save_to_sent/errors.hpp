// What went wrong while storing the Sent copy, as a BlockError with the fate "copy_not_saved": its words, said
// first (common/outcome.hpp), tell that the email itself WAS delivered and only the copy failed. The server's
// words are quoted as valid UTF-8; the system's English stays out of a Russian text.
#pragma once

#include <exception>
#include <string>

#include "common/connection.hpp"
#include "common/sign_in_errors.hpp"
#include "mailblock/sdk/error.hpp"

namespace mailblock::save_to_sent {

// The login would travel unencrypted and the diagram did not allow it: nothing was sent.
sdk::BlockError insecureAuthRefused(const std::string& lang);
sdk::BlockError saveError(const std::exception& e, const common::Endpoint& where, const std::string& lang);
// Sign-in failed for a reason a Windows admin must fix (no ticket, clock skew, unknown SPN, NTLM refused).
sdk::BlockError signInFailed(const common::SignInWords& words, const std::string& server_text = {});
sdk::BlockError folderNotFound(const std::string& folder, const std::string& lang);

}  // namespace mailblock::save_to_sent
