// UTF-8: encoding one code point (JSON escapes, HTML entities and IMAP names all use it), finding bytes that are
// not UTF-8, and turning text from outside (a server's reply, a spreadsheet's cell) into valid, trimmed UTF-8.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mailblock::sdk::utf8 {

// Appends `cp` as UTF-8. Surrogates and values past U+10FFFF become U+FFFD (the replacement character).
inline void append(std::string& out, uint32_t cp) {
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// The offset of the first byte that does not belong to well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing past U+10FFFF), or std::string::npos when the whole text is valid.
inline size_t firstInvalid(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
        unsigned char c = b(i);
        size_t n = 0;
        unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
        if (c < 0x80) n = 1;
        else if (c >= 0xC2 && c <= 0xDF) n = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            if (c == 0xE0) low = 0xA0;
            if (c == 0xED) high = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            if (c == 0xF0) low = 0x90;
            if (c == 0xF4) high = 0x8F;
        } else {
            return i;
        }
        if (i + n > s.size()) return i;
        for (size_t k = 1; k < n; ++k) {
            unsigned char lo = k == 1 ? low : 0x80, hi = k == 1 ? high : 0xBF;
            if (b(i + k) < lo || b(i + k) > hi) return i;
        }
        i += n;
    }
    return std::string_view::npos;
}

// `s` with every byte that does not belong to well-formed UTF-8 replaced by U+FFFD, so the damage stays visible.
inline std::string repaired(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    while (!s.empty()) {
        size_t bad = firstInvalid(s);
        out.append(s.substr(0, bad));
        if (bad == std::string::npos) break;
        append(out, 0xFFFD);
        s.remove_prefix(bad + 1);
    }
    return out;
}

namespace detail {
// Windows-1251 bytes 0x80..0xBF (0xC0..0xFF are А..я in order); 0x98 is unassigned.
inline constexpr uint16_t kCp1251High[64] = {
    0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021, 0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C,
    0x040B, 0x040F, 0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0xFFFD, 0x2122, 0x0459, 0x203A,
    0x045A, 0x045C, 0x045B, 0x045F, 0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7, 0x0401, 0x00A9,
    0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407, 0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
    0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457};

// Text a legacy Russian server wrote in Windows-1251: no control characters but tab and line breaks, no
// unassigned byte, more than half of the bytes past ASCII are Cyrillic letters (А..я, Ё, ё), and those letters
// stand among themselves, not inside Latin words (Latin-1's "café" would put й there). Junk fails almost always.
inline bool looksLikeCp1251Cyrillic(std::string_view s) {
    auto letter = [](unsigned char c) { return c >= 0xC0 || c == 0xA8 || c == 0xB8; };
    auto latin = [](unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
    size_t high = 0, letters = 0, mixed = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
        if (c == 0x7F || c == 0x98) return false;
        if (c < 0x80) continue;
        ++high;
        if (!letter(c)) continue;
        ++letters;
        if ((i > 0 && latin(static_cast<unsigned char>(s[i - 1]))) || (i + 1 < s.size() && latin(static_cast<unsigned char>(s[i + 1]))))
            ++mixed;
    }
    return letters * 2 > high && mixed * 10 <= letters;
}
}  // namespace detail

// Text that came from outside (a server's reply): kept when it is UTF-8, decoded when it is Windows-1251 that
// reads as Russian, else repaired() — never invalid UTF-8.
inline std::string fromServer(std::string_view s) {
    if (firstInvalid(s) == std::string::npos) return std::string(s);
    if (!detail::looksLikeCp1251Cyrillic(s)) return repaired(s);
    std::string out;
    out.reserve(s.size() * 2);
    for (unsigned char c : s) {
        if (c < 0x80) out += static_cast<char>(c);
        else append(out, c >= 0xC0 ? 0x0410u + (c - 0xC0u) : detail::kCp1251High[c - 0x80]);
    }
    return out;
}

// Without the white space a copied spreadsheet cell brings along: ASCII spaces, tabs and line breaks, and the
// Unicode spaces (no-break U+00A0, U+2000..U+200B, U+202F, U+205F, U+3000, the byte-order mark U+FEFF).
inline std::string trimmed(std::string_view s) {
    auto spaceAt = [&](size_t i, bool backwards) -> size_t {  // the length of the space ending/starting at i, or 0
        static const char* const kSpaces[] = {"\xC2\xA0", "\xE2\x80\x80", "\xE2\x80\x81", "\xE2\x80\x82", "\xE2\x80\x83",
                                              "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86", "\xE2\x80\x87", "\xE2\x80\x88",
                                              "\xE2\x80\x89", "\xE2\x80\x8A", "\xE2\x80\x8B", "\xE2\x80\xAF", "\xE2\x81\x9F",
                                              "\xE3\x80\x80", "\xEF\xBB\xBF"};
        const auto c = static_cast<unsigned char>(backwards ? s[i - 1] : s[i]);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
        if (c < 0x80) return 0;  // any other ASCII byte (most cells start and end with one)
        for (std::string_view sp : kSpaces) {
            if (backwards ? (i >= sp.size() && s.substr(i - sp.size(), sp.size()) == sp) : s.substr(i, sp.size()) == sp)
                return sp.size();
        }
        return 0;
    };
    size_t b = 0, e = s.size();
    while (b < e)
        if (size_t n = spaceAt(b, false)) b += n;
        else break;
    while (e > b)
        if (size_t n = spaceAt(e, true)) e -= n;
        else break;
    return std::string(s.substr(b, e - b));
}

}  // namespace mailblock::sdk::utf8
