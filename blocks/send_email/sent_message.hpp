// The "Sent message" output: the exact bytes that were sent and the facts of the delivery, as an Object that
// Save to Sent reads. The Bcc list is kept apart from the bytes (it is never in them).
#pragma once

#include <string>

#include "mailblock/sdk/value.hpp"
#include "send_email/request.hpp"

namespace mailblock::send_email {

// Field names Save to Sent relies on.
namespace sent_field {
inline const char* const kBytes = "bytes";
inline const char* const kBytesFile = "bytes_file";  // instead of bytes, for a big message kept in a spool file
inline const char* const kMessageId = "message_id";
inline const char* const kDate = "date";
inline const char* const kAccount = "account";
}  // namespace sent_field

sdk::Value sentMessage(const SendRequest& request, const smtp::MessageData& data, const smtp::Delivery& delivery);

// "250 2.0.0 Ok: queued as 4B1C21E0F5A" -> "4B1C21E0F5A" (Postfix, Exim and Exchange forms); empty if none.
std::string queueId(const smtp::Reply& final_reply);

}  // namespace mailblock::send_email
