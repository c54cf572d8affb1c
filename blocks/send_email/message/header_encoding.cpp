#include "send_email/message/header_encoding.hpp"

#include <stdexcept>

#include "common/base64.hpp"
#include "mailblock/sdk/ascii.hpp"

namespace mailblock::message {

using common::base64;

namespace {
const std::string kWordStart = "=?UTF-8?B?";
const std::string kWordEnd = "?=";

std::string encodedWord(const std::string& utf8) {
    std::string word = kWordStart;
    word += base64(utf8);
    word += kWordEnd;
    return word;
}
constexpr size_t kMaxEncodedWord = 75;  // RFC 2047 2.

// RFC 5322 atext words separated by single spaces: a display name made of these needs no quotes, and it can be
// folded between its words. A word longer than a line could hold, or spaces that folding would lose (at either
// end, or two in a row), need quotes or encoded words instead.
bool plainPhrase(const std::string& s) {
    size_t word = 0;
    for (unsigned char c : s) {
        if (c == ' ') {
            word = 0;
            continue;
        }
        if (!(std::isalnum(c) || std::string("!#$%&'*+-/=?^_`{|}~").find(static_cast<char>(c)) != std::string::npos) ||
            ++word > kFoldAt - 8)
            return false;
    }
    return !s.empty() && s.front() != ' ' && s.back() != ' ' && s.find("  ") == std::string::npos &&
           s.find("=?") == std::string::npos;
}
}  // namespace

void requireSingleLine(const std::string& text, const std::string& what) {
    if (sdk::ascii::hasLineBreakOrNul(text))
        throw std::invalid_argument(what + " contains a line break or NUL");
}

bool isPrintableAscii(const std::string& s) {
    for (unsigned char c : s)
        if (c < 0x20 || c > 0x7E) return false;
    return true;
}

size_t utf8Prefix(const std::string& s, size_t from, size_t max) {
    size_t end = std::min(s.size(), from + max);
    if (end == s.size()) return end - from;
    // Step back over continuation bytes so a character is never cut in two.
    while (end > from && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    return end - from;
}

HeaderField::HeaderField(const std::string& name) : out_(name + ":"), line_(out_.size()) {}

void HeaderField::fold() {
    out_ += "\r\n";
    line_ = 0;
}

void HeaderField::token(const std::string& t) {
    if (line_ > 1 && line_ + 1 + t.size() > kFoldAt) fold();
    out_ += ' ';
    out_ += t;
    line_ += 1 + t.size();
}

std::vector<std::string> encodedWords(const std::string& utf8, size_t max_word) {
    const size_t raw = (max_word - kWordStart.size() - kWordEnd.size()) / 4 * 3;
    std::vector<std::string> words;
    for (size_t pos = 0; pos < utf8.size();) {
        size_t n = utf8Prefix(utf8, pos, raw);
        if (n == 0) n = std::min(utf8.size() - pos, raw);
        words.push_back(encodedWord(utf8.substr(pos, n)));
        pos += n;
    }
    return words;
}

void HeaderField::encoded(const std::string& utf8) {
    size_t pos = 0;
    const size_t overhead = kWordStart.size() + kWordEnd.size();
    // The bytes of `utf8` from `pos` that one encoded word in `room` characters can hold (base64: 4 per 3 bytes).
    auto fits = [&](size_t room) {
        const size_t max_bytes = (std::min(room, kMaxEncodedWord) - overhead) / 4 * 3;
        size_t n = utf8Prefix(utf8, pos, max_bytes);
        return n == 0 ? std::min(utf8.size() - pos, max_bytes) : n;  // an invalid byte run: progress
    };
    // Where a word of at most `n` bytes should end: after the last space in reach, so no word of a name is cut
    // in two (a reader shows a cut as a space: «Сидоров-Ку знецов»); 0 when there is no space in reach.
    auto atSpace = [&](size_t n) -> size_t {
        if (pos + n >= utf8.size()) return n;
        size_t sp = utf8.rfind(' ', pos + n - 1);
        return sp == std::string::npos || sp < pos ? 0 : sp + 1 - pos;
    };
    while (pos < utf8.size()) {
        size_t room = kFoldAt > line_ + 1 ? kFoldAt - line_ - 1 : 0;
        if (room < overhead + 8) {
            fold();
            room = kFoldAt - 1;
        }
        size_t n = atSpace(fits(room));
        if (n == 0 && room < kFoldAt - 1 && atSpace(fits(kFoldAt - 1)) != 0) {
            fold();  // a fresh line reaches a space: better than cutting a word here
            continue;
        }
        if (n == 0) n = fits(room);  // one word longer than a line: cut on a character boundary
        token(encodedWord(utf8.substr(pos, n)));
        pos += n;
    }
}

std::string unstructuredField(const std::string& name, const std::string& value) {
    requireSingleLine(value, name);
    if (value.empty()) return name + ":\r\n";
    HeaderField f(name);
    // Runs of spaces, or a space at either end, could leave a folded line of white space only (RFC 5322
    // 3.2.2 forbids it): encoded words keep such spaces inside the encoding.
    bool plain = isPrintableAscii(value) && value.find("=?") == std::string::npos && value.find("  ") == std::string::npos &&
                 value.front() != ' ' && value.back() != ' ';
    // A word too long to fold would make a line over 78: encoded words can be split anywhere instead.
    for (size_t start = 0, sp; plain && start <= value.size(); start = sp + 1) {
        sp = value.find(' ', start);
        if (sp == std::string::npos) sp = value.size();
        if (sp - start > kFoldAt - 2) plain = false;
    }
    if (!plain) {
        f.encoded(value);
        return f.str();
    }
    for (size_t start = 0, sp; start <= value.size(); start = sp + 1) {
        sp = value.find(' ', start);
        if (sp == std::string::npos) sp = value.size();
        f.token(value.substr(start, sp - start));
    }
    return f.str();
}

std::string addressField(const std::string& name, const std::vector<Mailbox>& list) {
    HeaderField f(name);
    for (size_t i = 0; i < list.size(); ++i) {
        const Mailbox& m = list[i];
        requireSingleLine(m.name, name + " display name");
        requireSingleLine(m.address, name + " address");
        std::string addr = "<" + m.address + ">" + (i + 1 < list.size() ? "," : "");
        if (m.name.empty()) {
            f.token(addr);
            continue;
        }
        if (plainPhrase(m.name)) {
            for (size_t start = 0, sp; start < m.name.size(); start = sp + 1) {
                sp = m.name.find(' ', start);
                if (sp == std::string::npos) sp = m.name.size();
                f.token(m.name.substr(start, sp - start));
            }
        } else if (isPrintableAscii(m.name) && m.name.find("=?") == std::string::npos && m.name.size() < 60) {
            std::string q = "\"";
            for (char c : m.name) {
                if (c == '"' || c == '\\') q += '\\';
                q += c;
            }
            f.token(q + "\"");
        } else {
            // One encoded word when the name fits (up to 45 bytes): some parsers (Python's email among them)
            // put a space between adjacent encoded words in a phrase, against RFC 2047 6.2.
            std::vector<std::string> words = encodedWords(m.name, kMaxEncodedWord);
            if (words.size() == 1) f.token(words.front());
            else f.encoded(m.name);
        }
        f.token(addr);
    }
    return f.str();
}

}  // namespace mailblock::message
