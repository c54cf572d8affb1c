// ASCII-only case folding and trimming: protocol keywords, host names and port values (never user text,
// whose letters may be Cyrillic).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include "mailblock/sdk/swar.hpp"

namespace mailblock::sdk::ascii {

inline std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
    return s;
}

inline std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c); });
    return s;
}

// Without leading and trailing spaces, tabs and line breaks.
inline std::string trim(std::string_view s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    size_t e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

// CR, LF or NUL anywhere in s: what would let a one-line value start a new header or command line. Looks at eight
// bytes at a time (a mailing checks every row's one-line fields).
inline bool hasLineBreakOrNul(std::string_view s) {
    auto isBreak = [](char c) { return c == '\r' || c == '\n' || c == '\0'; };
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        if (!swar::anyBelow(swar::load(s.data() + i), '\r' + 1)) continue;  // all three are control bytes up to CR
        for (size_t j = i; j < i + 8; ++j)
            if (isBreak(s[j])) return true;
    }
    for (; i < s.size(); ++i)
        if (isBreak(s[i])) return true;
    return false;
}

}  // namespace mailblock::sdk::ascii
