// Text bodies on the wire: line ends normalised to CRLF, then 7bit, quoted-printable or base64, whichever is
// valid and compact. Never a bare LF or a lone CR in the output.
#pragma once

#include <string>

namespace mailblock::message {

// CRLF, LF and lone CR all become CRLF.
std::string normalizeLineEnds(const std::string& text);

struct EncodedBody {
    std::string transfer_encoding;  // "7bit", "quoted-printable" or "base64"
    std::string text;               // CRLF lines, ending in CRLF
};

// Chooses the encoding for a CRLF-normalised UTF-8 text: 7bit when it is ASCII with lines <= 998 octets,
// quoted-printable when mostly ASCII, base64 when mostly not (Cyrillic is 3x larger in QP, 1.33x in base64).
EncodedBody encodeBody(const std::string& crlf_text);

// Bytes as base64 body lines (76 characters and CRLF each).
std::string encodeBase64Body(const std::string& bytes);

// Quoted-printable (RFC 2045 6.7): lines <= 76 characters, soft breaks never inside an =XX escape, trailing
// spaces and tabs encoded.
std::string quotedPrintable(const std::string& crlf_text);

}  // namespace mailblock::message
