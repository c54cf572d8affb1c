// The message's own Date header as an IMAP internal date (RFC 3501 date-time: "25-Nov-2026 02:21:45 +0000").
#pragma once

#include <string>

namespace mailblock::save_to_sent {

// Empty when the date cannot be read (the server then uses the time of the APPEND).
std::string imapInternalDate(const std::string& rfc5322_date);

}  // namespace mailblock::save_to_sent
