#include "send_email/message/body_encoding.hpp"

#include <cstdint>
#include <sstream>

#include "common/base64.hpp"
#include "mailblock/sdk/swar.hpp"

namespace mailblock::message {

using common::base64Lines;

namespace {

// How many bytes from `i` on are printable ASCII (0x20-0x7E), the bulk of a text body: eight at a time.
size_t printableRun(const std::string& text, size_t i) {
    const size_t start = i;
    for (; i + 8 <= text.size(); i += 8) {
        const uint64_t w = sdk::swar::load(text.data() + i);
        if (sdk::swar::anyBelow(w, 0x20) | sdk::swar::anyFrom(w, 0x7F)) break;
    }
    while (i < text.size() && static_cast<unsigned char>(text[i]) - 0x20u < 0x5Fu) ++i;
    return i - start;
}

// The first CR or LF at or after `i`, or the end of the text.
size_t lineEnd(const std::string& text, size_t i) {
    while (true) {
        i += printableRun(text, i);
        if (i == text.size() || text[i] == '\r' || text[i] == '\n') return i;
        ++i;  // a tab, another control or a byte of UTF-8: part of the line
    }
}

}  // namespace

std::string normalizeLineEnds(const std::string& text) {
    std::string out;
    out.reserve(text.size() + text.size() / 32);
    for (size_t i = 0; i < text.size();) {
        const size_t end = lineEnd(text, i);  // the text up to it is copied at once
        out.append(text, i, end - i);
        if (end == text.size()) break;
        out += "\r\n";
        i = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
    }
    return out;
}

std::string quotedPrintable(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    size_t line_start = 0;
    while (line_start < text.size()) {
        size_t eol = text.find("\r\n", line_start);
        if (eol == std::string::npos) eol = text.size();
        std::string line;
        size_t col = 0;
        for (size_t i = line_start; i < eol; ++i) {
            unsigned char c = static_cast<unsigned char>(text[i]);
            bool last = i + 1 == eol;
            std::string piece;
            if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last)) {
                piece = std::string(1, static_cast<char>(c));
            } else {
                piece = {'=', hex[c >> 4], hex[c & 15]};
            }
            // Keep room for the soft break "=" so the line stays within 76.
            if (col + piece.size() > (last ? 76 : 75)) {
                out += line + "=\r\n";
                line.clear();
                col = 0;
            }
            line += piece;
            col += piece.size();
        }
        out += line + "\r\n";
        line_start = eol + 2;
    }
    return out;
}

EncodedBody encodeBody(const std::string& text) {
    size_t non_ascii = 0, longest = 0, run = 0;
    bool controls = false;
    for (size_t i = 0; i < text.size();) {
        const size_t printable = printableRun(text, i);
        run += printable;
        i += printable;
        if (i == text.size()) break;
        const auto c = static_cast<unsigned char>(text[i++]);
        if (c == '\r' && i < text.size() && text[i] == '\n') continue;  // CRLF ends the line, it is not part of it
        if (c == '\n') {
            longest = std::max(longest, run);
            run = 0;
            continue;
        }
        ++run;
        if (c >= 0x80) ++non_ascii;
        else if (c != '\t' && c != '\r') controls = true;  // another control character, or DEL
    }
    longest = std::max(longest, run);
    std::string body = text;
    if (!body.empty() && (body.size() < 2 || body.compare(body.size() - 2, 2, "\r\n") != 0)) body += "\r\n";
    if (non_ascii == 0 && !controls && longest <= 998) return {"7bit", body};
    if (non_ascii * 3 < text.size()) return {"quoted-printable", quotedPrintable(body)};
    return {"base64", encodeBase64Body(body)};
}

std::string encodeBase64Body(const std::string& bytes) {
    std::istringstream in(bytes);
    std::ostringstream out;
    base64Lines(in, out);
    return out.str();
}

}  // namespace mailblock::message
