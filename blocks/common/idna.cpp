#include "common/idna.hpp"

#include <Poco/TextIterator.h>
#include <Poco/UTF8Encoding.h>
#include <Poco/Unicode.h>

namespace mailblock::common {

namespace {

// RFC 3492 5: the Punycode parameters.
constexpr uint32_t kBase = 36, kTMin = 1, kTMax = 26, kSkew = 38, kDamp = 700, kInitialBias = 72, kInitialN = 128;
constexpr size_t kMaxLabel = 63;

char digit(uint32_t d) { return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26)); }

uint32_t adapt(uint32_t delta, uint32_t points, bool first) {
    delta = first ? delta / kDamp : delta / 2;
    delta += delta / points;
    uint32_t k = 0;
    while (delta > ((kBase - kTMin) * kTMax) / 2) {
        delta /= kBase - kTMin;
        k += kBase;
    }
    return k + (kBase - kTMin + 1) * delta / (delta + kSkew);
}

bool allowedInLabel(char32_t c) {
    if (c == '-') return true;
    const int ch = static_cast<int>(c);
    if (Poco::Unicode::isAlpha(ch) || Poco::Unicode::isDigit(ch)) return true;
    Poco::Unicode::CharacterProperties p;
    Poco::Unicode::properties(ch, p);
    return p.category == Poco::Unicode::UCP_MARK;
}

}  // namespace

std::string punycode(const std::u32string& label) {
    std::string out;
    for (char32_t c : label)
        if (c < 0x80) out += static_cast<char>(c);
    const uint32_t basic = static_cast<uint32_t>(out.size());
    uint32_t handled = basic;
    if (basic > 0) out += '-';
    uint32_t n = kInitialN, delta = 0, bias = kInitialBias;
    while (handled < label.size()) {
        uint32_t m = UINT32_MAX;
        for (char32_t c : label)
            if (c >= n && c < m) m = c;
        // Labels are at most a few dozen code points below U+110000: these products cannot overflow 32 bits.
        delta += (m - n) * (handled + 1);
        n = m;
        for (char32_t c : label) {
            if (c < n) ++delta;
            if (c != n) continue;
            uint32_t q = delta;
            for (uint32_t k = kBase;; k += kBase) {
                uint32_t t = k <= bias ? kTMin : (k >= bias + kTMax ? kTMax : k - bias);
                if (q < t) break;
                out += digit(t + (q - t) % (kBase - t));
                q = (q - t) / (kBase - t);
            }
            out += digit(q);
            bias = adapt(delta, handled + 1, handled == basic);
            delta = 0;
            ++handled;
        }
        ++delta;
        ++n;
    }
    return out;
}

AsciiDomain domainToAscii(std::string_view utf8_domain) {
    const std::string text(utf8_domain);
    Poco::UTF8Encoding utf8;
    std::string ascii;
    std::u32string label;
    bool plain = true;
    auto finish = [&]() -> std::string {
        if (label.empty()) return "an empty label";
        if (label.size() > kMaxLabel) return "a label longer than 63 characters";
        if (!ascii.empty()) ascii += '.';
        if (plain) {
            for (char32_t c : label) ascii += static_cast<char>(c);
        } else {
            for (char32_t c : label)
                if (!allowedInLabel(c)) return "a character that cannot be in a domain name";
            std::string encoded = "xn--" + punycode(label);
            if (encoded.size() > kMaxLabel) return "a label longer than 63 characters once encoded";
            ascii += encoded;
        }
        label.clear();
        plain = true;
        return {};
    };
    Poco::TextIterator it(text, utf8), end(text);
    for (; it != end; ++it) {
        int c = *it;
        if (c < 0) return {{}, "not valid UTF-8"};
        // IDNA's label separators: the full stop and its ideographic and full-width forms.
        if (c == '.' || c == 0x3002 || c == 0xFF0E || c == 0xFF61) {
            if (std::string e = finish(); !e.empty()) return {{}, e};
            continue;
        }
        if (c >= 0x80) {
            plain = false;
            c = Poco::Unicode::toLower(c);
        }
        label += static_cast<char32_t>(c);
        if (label.size() > kMaxLabel) return {{}, "a label longer than 63 characters"};
    }
    if (std::string e = finish(); !e.empty()) return {{}, e};
    return {ascii, {}};
}

}  // namespace mailblock::common
