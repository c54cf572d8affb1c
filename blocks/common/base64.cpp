#include "common/base64.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>

#include <algorithm>
#include <cstring>
#include <sstream>
#include <vector>

namespace mailblock::common {

namespace {

const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Two output characters per 12 input bits: halves the table look-ups of the inner loop (the encoder is what
// limits a big attachment's throughput).
struct PairTable {
    char pairs[4096][2];
    PairTable() {
        for (int v = 0; v < 4096; ++v) {
            pairs[v][0] = kAlphabet[v >> 6];
            pairs[v][1] = kAlphabet[v & 63];
        }
    }
};
const PairTable kPairs;

// Encodes `n` bytes (n % 3 == 0 except for the final block) into `out`, returns the characters written.
size_t encodeBlock(const unsigned char* in, size_t n, char* out) {
    char* o = out;
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t(in[i]) << 16) | (uint32_t(in[i + 1]) << 8) | in[i + 2];
        std::memcpy(o, kPairs.pairs[v >> 12], 2);
        std::memcpy(o + 2, kPairs.pairs[v & 4095], 2);
        o += 4;
    }
    if (i < n) {
        uint32_t v = uint32_t(in[i]) << 16;
        if (i + 1 < n) v |= uint32_t(in[i + 1]) << 8;
        *o++ = kAlphabet[v >> 18];
        *o++ = kAlphabet[(v >> 12) & 63];
        *o++ = i + 1 < n ? kAlphabet[(v >> 6) & 63] : '=';
        *o++ = '=';
    }
    return static_cast<size_t>(o - out);
}

}  // namespace

std::string base64(const std::string& raw, Base64Form form) {
    std::string out((raw.size() + 2) / 3 * 4, '\0');
    out.resize(encodeBlock(reinterpret_cast<const unsigned char*>(raw.data()), raw.size(), out.data()));
    if (form == Base64Form::UrlNoPadding) {
        std::replace(out.begin(), out.end(), '+', '-');
        std::replace(out.begin(), out.end(), '/', '_');
        out.erase(out.find_last_not_of('=') + 1);
    }
    return out;
}

std::string unbase64(const std::string& text, Base64Form form) {
    std::istringstream in(text);
    Poco::Base64Decoder dec(in, form == Base64Form::UrlNoPadding ? Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING : 0);
    std::string out;
    try {
        char c;
        while (dec.get(c)) out += c;
    } catch (const Poco::Exception&) {
        return {};
    }
    return out;
}

uint64_t base64Lines(std::istream& in, std::ostream& out, const std::function<void(uint64_t)>& progress) {
    constexpr size_t kLineBytes = 57;  // 57 bytes -> 76 characters
    constexpr size_t kLinesPerBlock = 4096;  // ~230 KB read, ~310 KB written at a time
    std::vector<unsigned char> raw(kLineBytes * kLinesPerBlock);
    std::vector<char> text((kLineBytes / 3 * 4 + 2) * kLinesPerBlock);
    uint64_t total = 0;
    while (in) {
        // istream::read fills the whole block unless the stream ends, so only the last line can be short.
        in.read(reinterpret_cast<char*>(raw.data()), static_cast<std::streamsize>(raw.size()));
        size_t got = static_cast<size_t>(in.gcount());
        if (got == 0) break;
        char* o = text.data();
        for (size_t off = 0; off < got; off += kLineBytes) {
            o += encodeBlock(raw.data() + off, std::min(kLineBytes, got - off), o);
            *o++ = '\r';
            *o++ = '\n';
        }
        out.write(text.data(), o - text.data());
        total += got;
        if (progress) progress(total);
    }
    return total;
}

}  // namespace mailblock::common
