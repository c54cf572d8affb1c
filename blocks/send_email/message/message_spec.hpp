// What a message is made of, before it becomes bytes. Plain data: no I/O, no validation side effects.
#pragma once

#include <string>
#include <vector>

namespace mailblock::message {

// One address with an optional display name. Both UTF-8; address is "local@domain", no angle brackets.
struct Mailbox {
    std::string name;
    std::string address;
    bool operator==(const Mailbox& o) const { return name == o.name && address == o.address; }
};

// A file to attach: the name the recipient sees (UTF-8) and where its bytes are on disk, or (path empty) the
// bytes themselves, as an earlier block handed them over.
struct Attachment {
    std::string display_name;
    std::string path;
    std::string content;       // the bytes when `path` is empty
    std::string content_type;  // empty: from the name's extension
};

// An image the HTML shows through "cid:<content_id>": written inline in a multipart/related part.
struct InlineImage {
    std::string content_id;  // without angle brackets
    Attachment file;
};

enum class Priority { Normal, High, Low };

// Everything needed to write one message. Bcc is deliberately absent: it is envelope-only and never written.
struct MessageSpec {
    Mailbox from;
    std::vector<Mailbox> to;
    std::vector<Mailbox> cc;
    std::vector<Mailbox> reply_to;
    std::string subject;     // UTF-8, single line
    std::string body;        // UTF-8; any mix of CRLF / LF / CR line ends
    bool html = false;       // body is HTML: written as multipart/alternative with a derived text/plain part
    std::vector<Attachment> attachments;
    std::vector<InlineImage> inline_images;  // with an HTML body only
    std::string message_id;  // without angle brackets, e.g. "20261125.abc@example.org"
    std::string date;        // RFC 5322 date-time, e.g. "Wed, 25 Nov 2026 02:21:45 +0000"
    // Header-only features (feature_headers.hpp writes them; each is absent when empty).
    std::vector<Mailbox> sender;           // 0 or 1: Sender, for sending on behalf of From
    Priority priority = Priority::Normal;  // Importance, X-Priority and Priority
    std::vector<Mailbox> read_receipt_to;  // Disposition-Notification-To (RFC 8098)
    std::string in_reply_to;               // a Message-ID without angle brackets
    std::vector<std::string> references;   // Message-IDs without angle brackets, oldest first
    std::vector<std::string> list_unsubscribe;  // URIs (mailto:, https:); an https one adds One-Click (RFC 8058)
    std::vector<std::pair<std::string, std::string>> headers;  // the author's own, checked by checkCustomHeader
};

}  // namespace mailblock::message
