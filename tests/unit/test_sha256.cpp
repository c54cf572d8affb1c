// SHA-256, the portable code and the CPU's SHA extensions alike: the FIPS 180-4 vectors, and the same digest for
// every length around the block boundaries.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "mailblock/sdk/sha256.hpp"

namespace sha = mailblock::sdk::sha256;

namespace {

using Compress = void (*)(uint32_t*, const uint8_t*);

std::vector<Compress> compressions() {
    std::vector<Compress> all{sha::detail::compressPortable};
#ifdef MAILBLOCK_SHA256_X86
    if (sha::detail::shaExtensions()) all.push_back(sha::detail::compressShaExtensions);
    else MESSAGE("this CPU has no SHA extensions: only the portable code is tested");
#endif
    return all;
}

}  // namespace

TEST_CASE("SHA-256 gives the FIPS 180-4 test vectors, across block boundaries") {
    for (Compress c : compressions()) {
        CHECK(sha::hex(sha::digest("", c)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        CHECK(sha::hex(sha::digest("abc", c)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        CHECK(sha::hex(sha::digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", c)) ==
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        CHECK(sha::hex(sha::digest(std::string(1000000, 'a'), c)) ==
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }
}

TEST_CASE("SHA-256: the SHA extensions and the portable code agree on every length up to three blocks") {
    std::mt19937 random(7);
    std::string data;
    for (size_t n = 0; n <= 192; ++n) {
        const sha::Digest expected = sha::digest(data, sha::detail::compressPortable);
        for (Compress c : compressions()) CHECK(sha::digest(data, c) == expected);
        CHECK(sha::digest(data) == expected);  // whichever the CPU picked
        data += static_cast<char>(random());
    }
}

TEST_CASE("SHA-256 hex gives the leading digits") {
    const sha::Digest d = sha::digest("abc");
    CHECK(sha::hex(d, 20) == "ba7816bf8f01cfea4141");
    CHECK(sha::hex(d, 3) == "ba7");
}
