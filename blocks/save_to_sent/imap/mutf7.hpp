// IMAP's modified UTF-7 for mailbox names (RFC 3501 5.1.3): "Отправленные" <-> "&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-".
#pragma once

#include <string>

namespace mailblock::save_to_sent::imap {

// UTF-8 -> modified UTF-7. Throws std::invalid_argument for invalid UTF-8.
std::string encodeMailboxName(const std::string& utf8);
// Modified UTF-7 -> UTF-8. Throws std::invalid_argument for malformed input.
std::string decodeMailboxName(const std::string& mutf7);

}  // namespace mailblock::save_to_sent::imap
