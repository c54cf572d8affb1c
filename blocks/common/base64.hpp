// Base64 (RFC 4648, RFC 2045 6.8), the one encoder of the plugin: on one line for SASL payloads, header words and
// OAuth's base64url values, and streamed as 76-character CRLF lines for MIME bodies. Table-driven: several times
// faster than Poco::Base64Encoder and byte for byte equal to it (unit test). Pure functions, any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <ostream>
#include <string>

namespace mailblock::common {

enum class Base64Form { Standard, UrlNoPadding };  // RFC 4648 4, and 5 without '=' padding (RFC 7636, JWT)

std::string base64(const std::string& raw, Base64Form form = Base64Form::Standard);
// "" when `text` is not base64 in that form: what a server or a token sent is never trusted to be.
std::string unbase64(const std::string& text, Base64Form form = Base64Form::Standard);

// The size base64Lines writes for `n` input bytes: 4 characters per 3 bytes, CRLF after every 76 (57 bytes).
inline uint64_t base64LinesSize(uint64_t n) { return (n + 2) / 3 * 4 + (n + 56) / 57 * 2; }

// Encodes the whole stream as MIME body lines of 76 characters plus CRLF; the last line also ends in CRLF.
// Reads and writes in blocks, so memory stays constant whatever the size. Returns the bytes read;
// `progress` (optional) is told the bytes read so far after each block.
uint64_t base64Lines(std::istream& in, std::ostream& out, const std::function<void(uint64_t)>& progress = nullptr);

}  // namespace mailblock::common
