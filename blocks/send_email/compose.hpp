// The message as bytes: in memory when small (bulk mail stays fast). A big one is never held in memory: it is
// written into a spool file when a later block (Save to Sent) will read it, else generated while it is sent
// (neither memory nor disk grows with a 1 GB attachment).
#pragma once

#include <cstdint>

#include "send_email/message/message_spec.hpp"
#include "send_email/smtp/transport.hpp"

namespace mailblock::send_email {

constexpr uint64_t kSpoolThreshold = 8u << 20;

// `keep`: the bytes are needed after the send (the Sent message output is linked); a spool file then belongs
// to `run_scope` (common/spool.hpp).
smtp::MessageData compose(const message::MessageSpec& spec, bool keep, uint64_t run_scope);

}  // namespace mailblock::send_email
