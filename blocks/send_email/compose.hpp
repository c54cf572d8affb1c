// The message as bytes: in memory when small (bulk mail stays fast), in a spool file when big (memory stays
// constant for a 1 GB attachment: the file is read again while sending, and Save to Sent streams from it).
#pragma once

#include <cstdint>

#include "send_email/message/message_spec.hpp"
#include "send_email/smtp/transport.hpp"

namespace mailblock::send_email {

constexpr uint64_t kSpoolThreshold = 8u << 20;

smtp::MessageData compose(const message::MessageSpec& spec);

}  // namespace mailblock::send_email
