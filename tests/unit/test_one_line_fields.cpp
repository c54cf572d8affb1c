// One-line fields (subject parts, addresses, header values): a CR, LF or NUL anywhere is found, wherever it falls
// in the eight-byte steps of the scan; tabs and other control bytes are not line breaks.
#include <doctest/doctest.h>

#include <string>

#include "mailblock/sdk/ascii.hpp"

using mailblock::sdk::ascii::hasLineBreakOrNul;

TEST_CASE("a line break or NUL is found at every position of a one-line value") {
    for (size_t size = 1; size <= 40; ++size)
        for (size_t at = 0; at < size; ++at)
            for (char c : {'\r', '\n', '\0'}) {
                std::string v(size, 'a');
                v[at] = c;
                CAPTURE(size);
                CAPTURE(at);
                CHECK(hasLineBreakOrNul(v));
            }
}

TEST_CASE("tabs, other control bytes and UTF-8 are not line breaks") {
    CHECK_FALSE(hasLineBreakOrNul(""));
    CHECK_FALSE(hasLineBreakOrNul("Re: the report\tfor March, \x0b\x0c\x0e\x1f and \xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82"));
    CHECK_FALSE(hasLineBreakOrNul(std::string(1000, '\t')));
}
