#include "send_email/message/body_encoding.hpp"

#include <sstream>

#include "common/base64.hpp"

namespace mailblock::message {

using common::base64Lines;

std::string normalizeLineEnds(const std::string& text) {
    std::string out;
    out.reserve(text.size() + text.size() / 32);
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\r') {
            out += "\r\n";
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
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
    for (size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) ++non_ascii;
        if (c == '\n') {
            run = 0;
            continue;
        }
        if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) controls = true;
        longest = std::max(longest, ++run);
    }
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
