// A DNS server's answer -> MX or SRV records (blocks/common/autoconfig/dns_query.hpp). Auto-setup asks whatever
// resolver the machine has, so the answer may be anything. The first byte picks the type (odd: SRV), the next
// two the query id; the rest is the answer. Checked: only std::runtime_error escapes (a malformed answer),
// records come sorted by priority, and every target is a DNS name of at most 255 octets without a final dot.
#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "common/autoconfig/dns_query.hpp"
#include "fuzz_support.hpp"

using namespace mailblock::common::autoconfig;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    mailblock::fuzz::FuzzInput in(data, size);
    DnsType type = (in.byte() & 1) ? DnsType::SRV : DnsType::MX;
    uint16_t id = static_cast<uint16_t>(in.byte() << 8);
    id = static_cast<uint16_t>(id | in.byte());
    std::string answer = in.rest();
    std::string where = "answer: " + mailblock::fuzz::printable(answer);
    std::vector<DnsRecord> records;
    try {
        records = parseDnsAnswer(answer, id, type);
    } catch (const std::runtime_error&) {
        return 0;
    }
    FUZZ_CHECK(std::is_sorted(records.begin(), records.end(),
                              [](const DnsRecord& a, const DnsRecord& b) { return a.priority < b.priority; }), where);
    for (const auto& r : records) {
        FUZZ_CHECK(r.target.size() <= 255, where);
        FUZZ_CHECK(r.target.empty() || r.target.back() != '.', where + "\ntarget: " + mailblock::fuzz::printable(r.target));
        if (type == DnsType::MX) FUZZ_CHECK(r.port == 0 && r.weight == 0, where);
    }
    return 0;
}
