// Writes a MessageSpec as the exact bytes of an RFC 5322 / MIME message: CRLF only, headers folded, UTF-8
// encoded, attachments streamed from disk. The bytes are what is sent and what Save to Sent stores.
#pragma once

#include <cstdint>
#include <ctime>
#include <functional>
#include <ostream>
#include <string>

#include "send_email/message/attachment_part.hpp"
#include "send_email/message/message_spec.hpp"
#include "send_email/message/mime_part.hpp"

namespace mailblock::message {

// The message as a MIME part tree: the message's header lines on the root, then the body (text, or HTML with
// its text alternative) and the attachments. Boundaries derive from the Message-ID.
Part messageTree(const MessageSpec& spec);

// Throws std::invalid_argument for CR/LF/NUL in a header value, std::runtime_error for an unreadable file.
// `progress` (optional) is told the attachment bytes read so far.
void writeMessage(const MessageSpec& spec, std::ostream& out, const std::function<void(uint64_t)>& progress = nullptr);

// The exact size writeMessage will produce, without reading the attachments (their sizes are enough): the
// SIZE sent with MAIL FROM before the message itself is streamed. Boundaries derive from the Message-ID, so
// both passes agree byte for byte.
uint64_t messageSize(const MessageSpec& spec);

// "<time>.<random>@<the sender's domain>" without angle brackets; unique per call.
std::string generateMessageId(const std::string& sender_address);
// The domain part of the Message-IDs made for this sender: its own domain, or mailblock.local.
std::string messageIdDomain(const std::string& sender_address);

// RFC 5322 date-time in UTC, independent of the locale: "Wed, 25 Nov 2026 02:21:45 +0000".
std::string formatDate(std::time_t t);

}  // namespace mailblock::message
