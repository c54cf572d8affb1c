// One attachment as a MIME part: Content-Type with an RFC 2047 name (what Outlook and Gmail read),
// Content-Disposition with an RFC 2231 filename* (what the standard says and Thunderbird reads), and the
// file's bytes streamed from disk as base64.
#pragma once

#include <string>
#include <vector>

#include "send_email/message/message_spec.hpp"
#include "send_email/message/mime_part.hpp"

namespace mailblock::message {

// Problems that would stop an attachment from being sent (missing, not a regular file, unreadable), each
// naming the file. Nothing is written.
std::vector<std::string> checkAttachments(const std::vector<Attachment>& attachments, const std::string& lang = "en");

// The part's header lines (each folded to 78 characters), without the empty line after them.
std::string attachmentHeaders(const Attachment& a);

// The attachment as a single part: its headers and its bytes (the file, or the given content) as base64.
Part attachmentPart(const Attachment& a);

// An image shown by the HTML: inline, with its Content-ID, for a multipart/related part.
Part inlinePart(const InlineImage& image);

}  // namespace mailblock::message
