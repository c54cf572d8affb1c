// Shared by the fuzz targets: splitting an input into typed pieces, UTF-8 helpers and a check that aborts.
// The same code runs under libFuzzer and in the replay build, so a corpus file means the same in both.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace mailblock::fuzz {

// Prints what failed and aborts: libFuzzer reports the abort as a crash and saves the input.
[[noreturn]] inline void fail(const char* file, int line, const char* condition, const std::string& detail) {
    std::fprintf(stderr, "\n%s:%d: fuzz check failed: %s\n%s\n", file, line, condition, detail.c_str());
    std::fflush(stderr);
    std::abort();
}

#define FUZZ_CHECK(condition, detail)                                                   \
    do {                                                                                \
        if (!(condition)) ::mailblock::fuzz::fail(__FILE__, __LINE__, #condition, (detail)); \
    } while (0)

// Reads an input front to back. Exhausted input yields zeros and empty strings, never an error.
class FuzzInput {
public:
    FuzzInput(const uint8_t* data, size_t size) : p_(data), end_(data + size) {}

    size_t remaining() const { return static_cast<size_t>(end_ - p_); }
    uint8_t byte() { return p_ < end_ ? *p_++ : 0; }
    bool flag() { return (byte() & 1) != 0; }

    // A text field, ended by a backslash followed by any byte other than a backslash (that pair is consumed);
    // "\\\\" stands for one backslash. This is FuzzedDataProvider::ConsumeRandomLengthString's rule, which keeps
    // hand-written seeds readable: "subject\|name\|".
    std::string field(size_t max_len = SIZE_MAX) {
        std::string out;
        while (p_ < end_ && out.size() < max_len) {
            char c = static_cast<char>(*p_++);
            if (c == '\\' && p_ < end_) {
                char next = static_cast<char>(*p_++);
                if (next != '\\') break;
            }
            out += c;
        }
        return out;
    }

    std::string rest() {
        std::string out(reinterpret_cast<const char*>(p_), remaining());
        p_ = end_;
        return out;
    }

private:
    const uint8_t* p_;
    const uint8_t* end_;
};

// Length of the well-formed UTF-8 sequence at s[i] (RFC 3629: no overlongs, surrogates or values past
// U+10FFFF), or 0 when the bytes there are not one.
inline size_t utf8SequenceAt(const std::string& s, size_t i) {
    auto at = [&](size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
    unsigned c = at(i);
    auto cont = [&](size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) { return at(k) >= lo && at(k) <= hi; };
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
    if (c == 0xE0) return cont(i + 1, 0xA0) && cont(i + 2) ? 3 : 0;
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(i + 1) && cont(i + 2) ? 3 : 0;
    if (c == 0xED) return cont(i + 1, 0x80, 0x9F) && cont(i + 2) ? 3 : 0;
    if (c == 0xF0) return cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3) return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    if (c == 0xF4) return cont(i + 1, 0x80, 0x8F) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    return 0;
}

inline bool validUtf8(const std::string& s) {
    for (size_t i = 0; i < s.size();) {
        size_t n = utf8SequenceAt(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

// Valid UTF-8: every byte that does not start a well-formed sequence becomes U+FFFD.
inline std::string toValidUtf8(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        size_t n = utf8SequenceAt(s, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(s, i, n);
            i += n;
        }
    }
    return out;
}

// For messages: control characters and non-ASCII bytes shown as \xNN, long texts cut.
inline std::string printable(const std::string& s, size_t max = 400) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < s.size() && i < max; ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7F && c != '\\') {
            out += static_cast<char>(c);
        } else {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    if (s.size() > max) out += "... (" + std::to_string(s.size()) + " bytes)";
    return out;
}

}  // namespace mailblock::fuzz
