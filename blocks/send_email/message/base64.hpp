// Base64 (RFC 2045 6.8): a one-line form for headers and SASL, and a streaming encoder with 76-character
// CRLF lines for attachment bodies. Table-driven: several times faster than Poco::Base64Encoder.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <ostream>
#include <string>

namespace mailblock::message {

std::string base64(const std::string& raw);

// Encodes the whole stream as MIME body lines of 76 characters plus CRLF; the last line also ends in CRLF.
// Reads and writes in blocks, so memory stays constant whatever the size. Returns the bytes read.
// The size base64Lines writes for `n` input bytes: 4 characters per 3 bytes, CRLF after every 76 (57 bytes).
inline uint64_t base64LinesSize(uint64_t n) { return (n + 2) / 3 * 4 + (n + 56) / 57 * 2; }

uint64_t base64Lines(std::istream& in, std::ostream& out, const std::function<void(uint64_t)>& progress = nullptr);

}  // namespace mailblock::message
