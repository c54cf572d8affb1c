// What a user types into Recipient / Copy / Blind copy: addresses with optional display names, separated by
// ";" "," or new lines, with the spaces a spreadsheet cell brings along (no-break ones too) trimmed. Parsed
// strictly: anything that could smuggle a header or a command is refused. Errors are in `lang` ("ru" / "en").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "send_email/message/message_spec.hpp"

namespace mailblock::message {

constexpr size_t kMaxRecipients = 1000;

struct AddressList {
    std::vector<Mailbox> mailboxes;   // in input order, each address once (compared case-insensitively)
    std::vector<std::string> errors;  // each names the offending text
};

// "Иван Петров <ivan@example.ru>; \"Petrov, Ivan\" <i@example.ru>, bare@example.ru"
AddressList parseAddressList(std::string_view text, const std::string& lang = "en");

// Empty when `address` is a valid "local@domain" we can send to; otherwise what is wrong with it. The domain
// must be ASCII (see prepareAddress for a domain in Unicode); the part before @ may be UTF-8 (RFC 6531: such an
// address can only go to a server offering SMTPUTF8).
std::string validateAddress(std::string_view address, const std::string& lang = "en");

// True when no byte is outside ASCII: an address that needs no SMTPUTF8.
bool isAscii(std::string_view text);

// What a user types becomes what goes to the server: spaces around it trimmed, a domain in Unicode
// (ivan@пример.рф) in its ASCII form (ivan@xn--e1afmkfd.xn--p1ai), then the address is validated. Empty when
// fine, else what is wrong.
std::string prepareAddress(std::string& address, const std::string& lang = "en");

}  // namespace mailblock::message
