// SHA-256 (FIPS 180-4) for identities, not for protecting data: mailing row keys and Message-IDs in the host, the
// connection pool's key in Send email. Header-only, so the host links no crypto library (test_rpa_cli keeps rpa
// free of Poco). A mailing hashes a few short strings a row; on x86-64 CPUs with the SHA extensions a block costs
// about a tenth of the portable code's instructions, so the compression picks them at run time.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#define MAILBLOCK_SHA256_X86 1
#endif

namespace mailblock::sdk::sha256 {

using Digest = std::array<uint8_t, 32>;

namespace detail {

alignas(16) inline constexpr uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

// One 64-byte block into the state, in plain C++.
inline void compressPortable(uint32_t state[8], const uint8_t block[64]) {
    uint32_t w[64];
    for (size_t i = 0; i < 16; ++i)
        w[i] = uint32_t{block[4 * i]} << 24 | uint32_t{block[4 * i + 1]} << 16 | uint32_t{block[4 * i + 2]} << 8 |
               block[4 * i + 3];
    for (int i = 16; i < 64; ++i) {
        uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6],
             h = state[7];
    for (int i = 0; i < 64; ++i) {
        uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + kRound[i] + w[i];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    state[0] += a, state[1] += b, state[2] += c, state[3] += d, state[4] += e, state[5] += f, state[6] += g,
        state[7] += h;
}

#ifdef MAILBLOCK_SHA256_X86
// The CPU has the SHA extensions (and the SSSE3 and SSE4.1 the code around them uses).
inline bool shaExtensions() {
    static const bool has = [] {
        unsigned a = 0, b = 0, c = 0, d = 0;
        if (!__get_cpuid(1, &a, &b, &c, &d)) return false;
        const bool ssse3_sse41 = (c & (1u << 9)) && (c & (1u << 19));
        if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
        return ssse3_sse41 && (b & (1u << 29));
    }();
    return has;
}

// The same block with the SHA extensions: four rounds per pair of sha256rnds2, the message schedule by
// sha256msg1/msg2 (Intel's "SHA extensions" paper, section 5). The state is kept as ABEF and CDGH.
__attribute__((target("sha,ssse3,sse4.1"))) inline void compressShaExtensions(uint32_t state[8],
                                                                                const uint8_t block[64]) {
    const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);  // bytes of each word
    __m128i tmp = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(state)), 0xB1);  // CDAB
    __m128i cdgh = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(state + 4)), 0x1B);  // EFGH
    __m128i abef = _mm_alignr_epi8(tmp, cdgh, 8);
    cdgh = _mm_blend_epi16(cdgh, tmp, 0xF0);
    const __m128i abef_in = abef, cdgh_in = cdgh;
    __m128i w[4];
    for (size_t i = 0; i < 4; ++i)
        w[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * i)), swap);
    for (size_t g = 0; g < 16; ++g) {  // rounds 4g .. 4g+3
        __m128i m = _mm_add_epi32(w[g % 4], _mm_load_si128(reinterpret_cast<const __m128i*>(kRound + 4 * g)));
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, m);
        if (g >= 3 && g < 15) {  // words 4(g+1) .. 4(g+1)+3 of the schedule
            __m128i& next = w[(g + 1) % 4];
            next = _mm_add_epi32(next, _mm_alignr_epi8(w[g % 4], w[(g + 3) % 4], 4));
            next = _mm_sha256msg2_epu32(next, w[g % 4]);
        }
        abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(m, 0x0E));
        if (g >= 1 && g < 13) w[(g + 3) % 4] = _mm_sha256msg1_epu32(w[(g + 3) % 4], w[g % 4]);
    }
    abef = _mm_add_epi32(abef, abef_in);
    cdgh = _mm_add_epi32(cdgh, cdgh_in);
    tmp = _mm_shuffle_epi32(abef, 0x1B);                                                   // FEBA
    cdgh = _mm_shuffle_epi32(cdgh, 0xB1);                                                  // DCHG
    _mm_storeu_si128(reinterpret_cast<__m128i*>(state), _mm_blend_epi16(tmp, cdgh, 0xF0));  // DCBA
    _mm_storeu_si128(reinterpret_cast<__m128i*>(state + 4), _mm_alignr_epi8(cdgh, tmp, 8));  // HGFE
}
#endif

inline void compress(uint32_t state[8], const uint8_t block[64]) {
#ifdef MAILBLOCK_SHA256_X86
    if (shaExtensions()) return compressShaExtensions(state, block);
#endif
    compressPortable(state, block);
}

}  // namespace detail

// The digest of `data`; `compress` is the block function (the tests pass each one).
inline Digest digest(std::string_view data, void (*compress)(uint32_t*, const uint8_t*) = detail::compress) {
    uint32_t state[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                         0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    const size_t rest = data.size() % 64;  // below 64, as the compiler can see (it warns on tail[rest] otherwise)
    const size_t full = data.size() - rest;
    for (size_t i = 0; i < full; i += 64) compress(state, reinterpret_cast<const uint8_t*>(data.data() + i));
    // The tail, a 1 bit, zeros, and the length in bits: one or two more blocks.
    uint8_t tail[128] = {};
    for (size_t i = 0; i < rest; ++i) tail[i] = static_cast<uint8_t>(data[full + i]);
    tail[rest] = 0x80;
    size_t blocks = rest + 9 > 64 ? 2 : 1;
    uint64_t bits = static_cast<uint64_t>(data.size()) * 8;
    for (int i = 0; i < 8; ++i) tail[blocks * 64 - 1 - i] = static_cast<uint8_t>(bits >> (8 * i));
    for (size_t b = 0; b < blocks; ++b) compress(state, tail + 64 * b);
    Digest out{};
    for (int i = 0; i < 8; ++i)
        for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<uint8_t>(state[i] >> (24 - 8 * j));
    return out;
}

// The first `chars` lower-case hex digits of a digest (at most 64).
inline std::string hex(const Digest& d, size_t chars = 64) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(chars, '0');
    for (size_t i = 0; i < chars; ++i) out[i] = kDigits[i % 2 ? d[i / 2] & 15 : d[i / 2] >> 4];
    return out;
}

}  // namespace mailblock::sdk::sha256
