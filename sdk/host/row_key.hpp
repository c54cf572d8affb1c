// A mailing row's identity: 128 bits of a hash of its column names and values (mailing_rows.hpp makes it).
// Kept as two integers so a journal or a duplicate check of 100,000 rows stays a few megabytes.
#pragma once

#include <cstdint>
#include <string>

namespace mailblock::host {

struct RowKey {
    uint64_t hi = 0, lo = 0;
    bool operator==(const RowKey& o) const { return hi == o.hi && lo == o.lo; }

    // 32 lower-case hex digits, as the journal writes it.
    std::string hex() const {
        static constexpr char kDigits[] = "0123456789abcdef";
        std::string out(32, '0');
        for (int i = 0; i < 16; ++i) {
            out[static_cast<size_t>(15 - i)] = kDigits[(hi >> (4 * i)) & 15];
            out[static_cast<size_t>(31 - i)] = kDigits[(lo >> (4 * i)) & 15];
        }
        return out;
    }
    // The key of 32 hex digits; false for anything else.
    static bool fromHex(const std::string& text, RowKey& out) {
        if (text.size() != 32 || text.find_first_not_of("0123456789abcdef") != std::string::npos) return false;
        out.hi = std::stoull(text.substr(0, 16), nullptr, 16);
        out.lo = std::stoull(text.substr(16), nullptr, 16);
        return true;
    }
};

struct RowKeyHash {
    size_t operator()(const RowKey& k) const { return static_cast<size_t>(k.hi ^ (k.lo * 0x9E3779B97F4A7C15ull)); }
};

}  // namespace mailblock::host
