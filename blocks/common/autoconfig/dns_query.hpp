// A small DNS client for the two record types auto-setup needs (MX, SRV), over UDP with a deadline. The
// server is MAILBLOCK_DNS_SERVER ("127.0.0.1:5353", "[::1]:5353") when set (the tests point it at a local
// dnsmasq), else the first nameserver of /etc/resolv.conf.
#pragma once

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace mailblock::common::autoconfig {

enum class DnsType : uint16_t { MX = 15, SRV = 33 };

struct DnsRecord {
    uint16_t priority = 0;  // MX preference or SRV priority
    uint16_t weight = 0;    // SRV only
    uint16_t port = 0;      // SRV only
    std::string target;     // host name, without the final dot
};

// The server did not answer in time: asking it about other names is pointless too.
struct DnsTimeout : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct DnsServer {
    std::string host;
    uint16_t port = 53;
};

DnsServer configuredDnsServer();

// Records sorted by priority. Empty when the name has none (NXDOMAIN included); throws std::runtime_error on a
// timeout or a malformed answer.
std::vector<DnsRecord> dnsQuery(const std::string& name, DnsType type, std::chrono::milliseconds timeout,
                                const DnsServer& server);

// The query message for `name` (exposed for tests) and the parser of an answer to it.
std::string dnsQueryMessage(uint16_t id, const std::string& name, DnsType type);
std::vector<DnsRecord> parseDnsAnswer(const std::string& message, uint16_t id, DnsType type);

}  // namespace mailblock::common::autoconfig
