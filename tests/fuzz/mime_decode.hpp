// Independent decoders for checking what the MIME writer produced: header unfolding, RFC 2047 encoded words
// (B and Q, UTF-8 only), base64 and quoted-printable bodies. Written from the RFCs, not from the writer, so a
// mistake in one is not mirrored by the other. Decoders return nullopt for anything malformed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "mailblock/sdk/ascii.hpp"

namespace mailblock::fuzz::mime {

inline int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// RFC 4648 base64 with padding; CR and LF are skipped (body lines). nullopt for any other stray character.
inline std::optional<std::string> base64Decode(const std::string& text) {
    static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string clean;
    for (char c : text)
        if (c != '\r' && c != '\n') clean += c;
    if (clean.size() % 4 != 0) return std::nullopt;
    std::string out;
    for (size_t i = 0; i < clean.size(); i += 4) {
        uint32_t v = 0;
        int pad = 0;
        for (size_t k = 0; k < 4; ++k) {
            char c = clean[i + k];
            if (c == '=') {
                if (i + 4 != clean.size() || k < 2) return std::nullopt;
                ++pad;
                v <<= 6;
                continue;
            }
            if (pad) return std::nullopt;  // data after padding
            size_t pos = alphabet.find(c);
            if (pos == std::string::npos) return std::nullopt;
            v = (v << 6) | static_cast<uint32_t>(pos);
        }
        out += static_cast<char>((v >> 16) & 0xFF);
        if (pad < 2) out += static_cast<char>((v >> 8) & 0xFF);
        if (pad < 1) out += static_cast<char>(v & 0xFF);
    }
    return out;
}

// RFC 2045 6.7 quoted-printable: "=\r\n" is a soft break, "=XX" one octet.
inline std::optional<std::string> quotedPrintableDecode(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '=') {
            out += text[i];
            continue;
        }
        if (text.compare(i + 1, 2, "\r\n") == 0) {
            i += 2;
            continue;
        }
        if (i + 2 >= text.size() || hexValue(text[i + 1]) < 0 || hexValue(text[i + 2]) < 0) return std::nullopt;
        out += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
        i += 2;
    }
    return out;
}

// One RFC 2047 encoded word, "=?charset?B|Q?text?=", decoded; nullopt when `word` is not one or its charset is
// not UTF-8 (RFC 2231 language suffixes, "UTF-8*ru", are allowed).
inline std::optional<std::string> decodeEncodedWord(const std::string& word) {
    if (word.size() < 8 || word.compare(0, 2, "=?") != 0 || word.compare(word.size() - 2, 2, "?=") != 0) return std::nullopt;
    size_t q1 = word.find('?', 2);
    if (q1 == std::string::npos || q1 + 2 >= word.size() || word[q1 + 2] != '?') return std::nullopt;
    std::string charset = sdk::ascii::lower(word.substr(2, q1 - 2));
    charset = charset.substr(0, charset.find('*'));
    char encoding = static_cast<char>(word[q1 + 1] & ~0x20);  // upper case
    std::string text = word.substr(q1 + 3, word.size() - q1 - 5);
    if (charset != "utf-8" || text.find('?') != std::string::npos || word.size() > 75) return std::nullopt;
    if (encoding == 'B') return base64Decode(text);
    if (encoding != 'Q') return std::nullopt;
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '_') {
            out += ' ';
        } else if (text[i] == '=') {
            if (i + 2 >= text.size() || hexValue(text[i + 1]) < 0 || hexValue(text[i + 2]) < 0) return std::nullopt;
            out += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// RFC 5322 2.2.3: a CRLF followed by white space is removed; the white space stays.
inline std::string unfold(const std::string& field) {
    std::string out;
    for (size_t i = 0; i < field.size(); ++i) {
        if (field.compare(i, 2, "\r\n") == 0 && i + 2 < field.size() && (field[i + 2] == ' ' || field[i + 2] == '\t')) {
            ++i;
            continue;
        }
        out += field[i];
    }
    return out;
}

// Unstructured text (RFC 2047 6.2): encoded words decoded, the white space between two adjacent encoded words
// dropped, everything else as it is.
inline std::string decodeUnstructured(const std::string& value) {
    std::string out, space;
    bool after_word = false;
    for (size_t i = 0; i < value.size();) {
        if (value[i] == ' ' || value[i] == '\t') {
            space += value[i++];
            continue;
        }
        size_t end = value.find_first_of(" \t", i);
        if (end == std::string::npos) end = value.size();
        std::string token = value.substr(i, end - i);
        i = end;
        if (auto decoded = decodeEncodedWord(token)) {
            if (!after_word) out += space;
            out += *decoded;
            after_word = true;
        } else {
            out += space + token;
            after_word = false;
        }
        space.clear();
    }
    return out + space;
}

}  // namespace mailblock::fuzz::mime
