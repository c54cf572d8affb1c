// What became of the message, said first in every error of a mail block: the fate as data (BlockError::fate)
// and the one place its words are put in front of the cause.
#pragma once

#include <string>

#include "mailblock/sdk/error.hpp"

namespace mailblock::common::fate {

// Send email
inline const char* const kNotSent = "not_sent";  // no recipient has it: safe to send again
inline const char* const kPartial = "partial";   // some recipients have it, some do not
inline const char* const kUnknown = "unknown";   // handed over, the server's answer was lost: do not resend blindly
// Check mode "Connection" / "Find settings": nothing was to be sent
inline const char* const kCheckFailed = "check_failed";
// Save to Sent
inline const char* const kCopyNotSaved = "copy_not_saved";  // the email went out; its copy is not in the Sent folder

// «Письмо не отправлено» / "The message was not sent", ...; empty for a value not listed above.
std::string words(const std::string& fate, const std::string& lang);

// The error as the user reads it: `e.fate` (or `fallback` when the error has none) in words, then the cause that
// `e.message` held. Idempotent: an error that already starts with its fate's words is returned as it is.
sdk::BlockError stated(sdk::BlockError e, const std::string& fallback, const std::string& lang);

}  // namespace mailblock::common::fate
