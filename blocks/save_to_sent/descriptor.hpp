// The Save to Sent block's description: every port, type, default and title, in one place.
#pragma once

#include "common/connection_ports.hpp"
#include "mailblock/sdk/descriptor.hpp"

namespace mailblock::save_to_sent {

namespace port {
inline const char* const kMessage = "sent_message";
inline const char* const kServer = "server";
inline const char* const kPort = "port";
inline const char* const kLogin = "login";
inline const char* const kPassword = "password";
inline const char* const kAccessToken = common::port::kAccessToken;
inline const char* const kSsl = "ssl";
inline const char* const kSecurity = common::port::kSecurity;
inline const char* const kFolder = "folder";
inline const char* const kAsDraft = "as_draft";
inline const char* const kMarkAsRead = "mark_as_read";
inline const char* const kAppendMode = "append_mode";
inline const char* const kTimeout = common::port::kTimeout;
inline const char* const kCaFile = common::port::kCaFile;
inline const char* const kAcceptUntrusted = common::port::kAcceptUntrusted;
inline const char* const kFolderUsed = "folder_used";
inline const char* const kUid = "uid";
inline const char* const kOutcome = "outcome";
}  // namespace port

sdk::BlockDescriptor describe();

}  // namespace mailblock::save_to_sent
