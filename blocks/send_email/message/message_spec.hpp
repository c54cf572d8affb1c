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
    std::string message_id;  // without angle brackets, e.g. "20261125.abc@example.org"
    std::string date;        // RFC 5322 date-time, e.g. "Wed, 25 Nov 2026 02:21:45 +0000"
};

}  // namespace mailblock::message
