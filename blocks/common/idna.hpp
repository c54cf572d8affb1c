// Internationalized domain names (пример.рф) in the ASCII form DNS and SMTP use (xn--e1afmkfd.xn--p1ai):
// RFC 3492 Punycode for each label that is not ASCII, after lowercasing it (IDNA's mapping for the letters
// people type; no other normalization). Pure functions.
#pragma once

#include <string>
#include <string_view>

namespace mailblock::common {

struct AsciiDomain {
    std::string domain;  // the ASCII form, when `error` is empty
    std::string error;   // what is wrong with the domain
};

// ASCII labels are kept as they are; other labels become "xn--" + Punycode. A label of anything but letters,
// digits, marks and '-', invalid UTF-8, or a label over 63 octets once encoded is an error.
AsciiDomain domainToAscii(std::string_view utf8_domain);

// RFC 3492 encoding of one label given as code points (without the "xn--" prefix).
std::string punycode(const std::u32string& label);

}  // namespace mailblock::common
