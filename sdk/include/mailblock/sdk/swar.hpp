// Tests on eight bytes at once (SIMD within a register): scans over message bodies and JSON strings skip the
// bytes that need nothing done eight at a time. Each test says whether ANY byte of the word matches; a true
// answer may come with false ones in higher bytes (borrows), so callers find the exact byte one at a time.
#pragma once

#include <cstdint>
#include <cstring>

namespace mailblock::sdk::swar {

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHigh = 0x8080808080808080ULL;

// The eight bytes at p, in memory order (no alignment needed).
inline uint64_t load(const char* p) {
    uint64_t w = 0;
    std::memcpy(&w, p, sizeof w);
    return w;
}
// Some byte is below n (n <= 0x80); bytes of 0x80 and above never count.
constexpr uint64_t anyBelow(uint64_t w, unsigned n) { return (w - kOnes * n) & ~w & kHigh; }
// Some byte equals c.
constexpr uint64_t anyEqual(uint64_t w, unsigned char c) { return anyBelow(w ^ (kOnes * c), 1); }
// Some byte is n or above (0 < n <= 0x80).
constexpr uint64_t anyFrom(uint64_t w, unsigned n) { return ((w + kOnes * (0x80 - n)) | w) & kHigh; }

}  // namespace mailblock::sdk::swar
