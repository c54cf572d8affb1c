#include "send_email/message/body_encoding.hpp"

#include <sstream>

#include "common/base64.hpp"

namespace mailblock::message {

using common::base64Lines;

std::string normalizeLineEnds(const std::string& text) {
    std::string out;
    out.reserve(text.size() + text.size() / 32);
    for (size_t i = 0; i < text.size();) {
        size_t end = i;  // the text up to the next line end is copied at once
        while (end < text.size() && text[end] != '\r' && text[end] != '\n') ++end;
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
    for (const char byte : text) {
        const auto c = static_cast<unsigned char>(byte);
        ++run;
        if (c - 0x20u < 0x5Fu) continue;  // printable ASCII, by far the most common
        if (c == '\n') {
            longest = std::max(longest, run - 1);
            run = 0;
        } else if (c >= 0x80) {
            ++non_ascii;
        } else if (c != '\t' && c != '\r') {
            controls = true;  // another control character, or DEL
        }
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
