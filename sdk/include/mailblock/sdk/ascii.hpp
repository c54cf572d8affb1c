// ASCII-only case folding and trimming: protocol keywords, host names and port values (never user text,
// whose letters may be Cyrillic).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

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

}  // namespace mailblock::sdk::ascii
