// SHA-256 (FIPS 180-4) for the host's own identities (mailing row keys and Message-IDs). Its own small code:
// rpa links no crypto library (test_rpa_cli keeps rpa free of Poco and of the blocks' code).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace mailblock::host {

std::array<uint8_t, 32> sha256(std::string_view data);

}  // namespace mailblock::host
