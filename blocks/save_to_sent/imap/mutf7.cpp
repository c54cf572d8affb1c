#include "save_to_sent/imap/mutf7.hpp"

#include "mailblock/sdk/utf8.hpp"

#include <cstring>
#include <stdexcept>
#include <vector>

namespace mailblock::save_to_sent::imap {

namespace {

// RFC 3501 uses base64 with ',' in place of '/', and no padding.
const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

std::vector<uint32_t> codePoints(const std::string& s) {
    std::vector<uint32_t> out;
    for (size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + static_cast<size_t>(len) > s.size()) throw std::invalid_argument("invalid UTF-8 in mailbox name");
        uint32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
        for (int k = 1; k < len; ++k) {
            unsigned char cc = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
            if ((cc & 0xC0) != 0x80) throw std::invalid_argument("invalid UTF-8 in mailbox name");
            cp = (cp << 6) | (cc & 0x3F);
        }
        out.push_back(cp);
        i += static_cast<size_t>(len);
    }
    return out;
}

void flushShifted(std::string& out, std::vector<uint16_t>& units) {
    if (units.empty()) return;
    out += '&';
    uint32_t buffer = 0;
    int bits = 0;
    for (uint16_t u : units) {
        buffer = (buffer << 16) | u;
        bits += 16;
        while (bits >= 6) {
            bits -= 6;
            out += kAlphabet[(buffer >> bits) & 0x3F];
        }
    }
    if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3F];
    out += '-';
    units.clear();
}

}  // namespace

std::string encodeMailboxName(const std::string& utf8) {
    std::string out;
    std::vector<uint16_t> units;  // UTF-16 code units of the pending non-ASCII run
    for (uint32_t cp : codePoints(utf8)) {
        if (cp >= 0x20 && cp <= 0x7E) {
            flushShifted(out, units);
            out += cp == '&' ? std::string("&-") : std::string(1, static_cast<char>(cp));
        } else if (cp >= 0x10000) {
            cp -= 0x10000;
            units.push_back(static_cast<uint16_t>(0xD800 + (cp >> 10)));
            units.push_back(static_cast<uint16_t>(0xDC00 + (cp & 0x3FF)));
        } else {
            units.push_back(static_cast<uint16_t>(cp));
        }
    }
    flushShifted(out, units);
    return out;
}

std::string decodeMailboxName(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        size_t end = s.find('-', i + 1);
        if (end == std::string::npos) throw std::invalid_argument("unterminated &...- in mailbox name");
        if (end == i + 1) {
            out += '&';
            i = end;
            continue;
        }
        uint32_t buffer = 0;
        int bits = 0;
        std::vector<uint16_t> units;
        for (size_t k = i + 1; k < end; ++k) {
            const char* p = std::strchr(kAlphabet, s[k]);
            if (!p || !*p) throw std::invalid_argument("bad character in modified UTF-7 mailbox name");
            buffer = (buffer << 6) | static_cast<uint32_t>(p - kAlphabet);
            bits += 6;
            if (bits >= 16) {
                bits -= 16;
                units.push_back(static_cast<uint16_t>((buffer >> bits) & 0xFFFF));
            }
        }
        for (size_t k = 0; k < units.size(); ++k) {
            uint32_t u = units[k];
            if (u >= 0xD800 && u <= 0xDBFF && k + 1 < units.size()) {
                u = 0x10000 + ((u - 0xD800) << 10) + (units[++k] - 0xDC00);
            }
            sdk::utf8::append(out, u);
        }
        i = end;
    }
    return out;
}

}  // namespace mailblock::save_to_sent::imap
