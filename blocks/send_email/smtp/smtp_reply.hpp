// SMTP replies as data: code, enhanced status (RFC 3463), text; and the EHLO capabilities (RFC 5321 4.1.1.1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mailblock::send_email::smtp {

struct Reply {
    int code = 0;
    std::string enhanced;  // "5.7.8", empty when the server gave none
    std::string text;      // the lines' texts without codes, joined by '\n'; always valid UTF-8
    bool positive() const { return code >= 200 && code < 400; }
    bool transient() const { return code >= 400 && code < 500; }
    // "535 5.7.8 Error: authentication failed" — the form shown to users and in logs.
    std::string summary() const;
};

// Reads the multi-line form ("250-first\n250 last") with its status. Text that is not UTF-8 is decoded from
// Windows-1251 when it reads as Russian, else its bad bytes become U+FFFD (sdk/utf8.hpp fromServer).
Reply parseReply(int status, const std::string& lines);

struct Capabilities {
    bool starttls = false;
    bool pipelining = false;
    bool eight_bit_mime = false;
    bool smtputf8 = false;
    bool dsn = false;  // RFC 3461 delivery status notifications
    std::optional<uint64_t> size;   // SIZE limit in octets; 0 means "no fixed limit"
    std::vector<std::string> auth;  // mechanisms, upper case
    bool offersAuth(const std::string& mechanism) const;
};

Capabilities parseCapabilities(const Reply& ehlo);

}  // namespace mailblock::send_email::smtp
