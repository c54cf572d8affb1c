// One attachment as a MIME part: Content-Type with an RFC 2047 name (what Outlook and Gmail read),
// Content-Disposition with an RFC 2231 filename* (what the standard says and Thunderbird reads), and the
// file's bytes streamed from disk as base64.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "send_email/message/message_spec.hpp"

namespace mailblock::message {

// Problems that would stop an attachment from being sent (missing, not a regular file, unreadable), each
// naming the file. Nothing is written.
std::vector<std::string> checkAttachments(const std::vector<Attachment>& attachments, const std::string& lang = "en");

// The part's header lines (each folded to 78 characters), ending with the empty line.
std::string attachmentHeaders(const Attachment& a);

// Writes headers and base64 body. Throws std::runtime_error naming the file if it cannot be read.
void writeAttachment(const Attachment& a, std::ostream& out, const std::function<void(uint64_t)>& progress);

}  // namespace mailblock::message
