// The header fields behind the Send email block's message features: Sender, priority (the way Outlook and
// Thunderbird read it), read receipts (RFC 8098), threading (RFC 5322 3.6.4), List-Unsubscribe (RFC 2369, 8058)
// and the author's own fields, whose names and values are checked here. Pure functions, any thread.
#pragma once

#include <string>
#include <vector>

#include "send_email/message/message_spec.hpp"

namespace mailblock::message {

// The fields for `spec`'s features, each folded and ending in CRLF; "" when none is set.
std::string featureHeaders(const MessageSpec& spec);

// Empty when `name: value` may be added by the author; else what is wrong (in `lang`): a name that is not an
// RFC 5322 field name, a field the block writes itself, a line break or NUL in the value.
std::string checkCustomHeader(const std::string& name, const std::string& value, const std::string& lang = "en");

// Empty when `uri` may go into List-Unsubscribe (mailto:, https: or http:, no spaces, brackets or line breaks).
std::string checkUnsubscribeUri(const std::string& uri, const std::string& lang = "en");

// A Message-ID as a user or a header gives it ("<a@b>", " a@b ") without brackets and spaces; "" when it is
// not "left@right" of printable ASCII.
std::string bareMessageId(const std::string& text);

// "Re: " + subject unless the subject already starts with "Re:" (any case) (RFC 5322 3.6.5).
std::string replySubject(const std::string& subject);

}  // namespace mailblock::message
