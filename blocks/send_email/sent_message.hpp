// The "Sent message" output: the exact bytes that were sent and the facts of the delivery, as an Object that
// Save to Sent reads. The Bcc list is kept apart from the bytes (it is never in them).
#pragma once

#include <string>

#include "mailblock/sdk/context.hpp"
#include "mailblock/sdk/value.hpp"
#include "send_email/request.hpp"

namespace mailblock::send_email {

// Field names Save to Sent relies on.
namespace sent_field {
inline const char* const kBytes = "bytes";
inline const char* const kBytesFile = "bytes_file";  // instead of bytes, for a big message kept in a spool file
inline const char* const kMessageId = "message_id";
inline const char* const kDate = "date";
inline const char* const kReferences = "references";  // the thread before this message, oldest first
inline const char* const kAccount = "account";
// In the account: the handle (a SecureString) to the password or token, held by the plugin for the run scope
// (common/credential_handles.hpp). The secret itself is never in the Sent message.
inline const char* const kCredential = "credential";
}  // namespace sent_field

// The Sent message. A password or token used is held for the run scope of `ctx` and only its handle goes in.
sdk::Value sentMessage(const sdk::Context& ctx, const SendRequest& request, const smtp::MessageData& data,
                       const smtp::Delivery& delivery);

// "250 2.0.0 Ok: queued as 4B1C21E0F5A" -> "4B1C21E0F5A" (Postfix, Exim and Exchange forms); empty if none.
std::string queueId(const smtp::Reply& final_reply);

}  // namespace mailblock::send_email
