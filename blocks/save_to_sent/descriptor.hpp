// The Save to Sent block's description: every port, type, default and title, in one place.
#pragma once

#include "mailblock/sdk/descriptor.hpp"

namespace mailblock::save_to_sent {

namespace port {
inline const char* const kMessage = "sent_message";
inline const char* const kServer = "server";
inline const char* const kPort = "port";
inline const char* const kLogin = "login";
inline const char* const kPassword = "password";
inline const char* const kAccessToken = "access_token";
inline const char* const kSsl = "ssl";
inline const char* const kSecurity = "security";
inline const char* const kFolder = "folder";
inline const char* const kMarkAsRead = "mark_as_read";
inline const char* const kAppendMode = "append_mode";
inline const char* const kTimeout = "timeout";
inline const char* const kCaFile = "ca_file";
inline const char* const kAcceptUntrusted = "accept_untrusted_certificate";
inline const char* const kFolderUsed = "folder_used";
inline const char* const kUid = "uid";
inline const char* const kOutcome = "outcome";
}  // namespace port

sdk::BlockDescriptor describe();

}  // namespace mailblock::save_to_sent
