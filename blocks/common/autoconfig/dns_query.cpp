#include "common/autoconfig/dns_query.hpp"

#include <cstring>
#include <Poco/Net/DatagramSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Timespan.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace mailblock::common::autoconfig {

namespace {

constexpr size_t kHeader = 12;
constexpr int kMaxPointerJumps = 32;  // a name made of pointers that loop is malformed

uint16_t read16(const std::string& m, size_t at) {
    if (at + 2 > m.size()) throw std::runtime_error("DNS answer cut short");
    return static_cast<uint16_t>((static_cast<unsigned char>(m[at]) << 8) | static_cast<unsigned char>(m[at + 1]));
}

// Reads a (possibly compressed) name at `at`; returns it and moves `at` past it in the record.
std::string readName(const std::string& m, size_t& at) {
    std::string name;
    size_t pos = at;
    bool jumped = false;
    for (int jumps = 0;;) {
        if (pos >= m.size()) throw std::runtime_error("DNS name cut short");
        auto len = static_cast<unsigned char>(m[pos]);
        if ((len & 0xC0) == 0xC0) {
            if (++jumps > kMaxPointerJumps) throw std::runtime_error("DNS name pointers loop");
            size_t target = read16(m, pos) & 0x3FFF;
            if (!jumped) at = pos + 2;
            jumped = true;
            pos = target;
            continue;
        }
        if (len & 0xC0) throw std::runtime_error("DNS name label type unknown");
        if (len == 0) {
            if (!jumped) at = pos + 1;
            return name;
        }
        if (pos + 1 + len > m.size()) throw std::runtime_error("DNS label cut short");
        // A dot inside a label would make "evil\.google.com" read as a name under google.com.
        if (std::memchr(m.data() + pos + 1, '.', len)) throw std::runtime_error("DNS label holds a dot");
        if (!name.empty()) name += '.';
        name.append(m, pos + 1, len);
        if (name.size() > 255) throw std::runtime_error("DNS name too long");
        pos += 1 + len;
    }
}

}  // namespace

DnsServer configuredDnsServer() {
    if (const char* env = std::getenv("MAILBLOCK_DNS_SERVER"); env && *env) {
        // "host", "host:port", "::1" or "[::1]:port".
        std::string v = env;
        size_t colon = v.rfind(':');
        if (!v.empty() && v.front() == '[' && colon != std::string::npos && colon > 0 && v[colon - 1] == ']')
            return {v.substr(1, colon - 2), static_cast<uint16_t>(std::stoi(v.substr(colon + 1)))};
        if (colon != std::string::npos && v.find(':') == colon)
            return {v.substr(0, colon), static_cast<uint16_t>(std::stoi(v.substr(colon + 1)))};
        return {v, 53};
    }
    std::ifstream conf("/etc/resolv.conf");
    std::string line;
    while (std::getline(conf, line)) {
        std::istringstream words(line);
        std::string key, value;
        if (words >> key >> value && key == "nameserver") return {value, 53};
    }
    return {"127.0.0.1", 53};
}

std::string dnsQueryMessage(uint16_t id, const std::string& name, DnsType type) {
    std::string m;
    auto put16 = [&](uint16_t v) {
        m += static_cast<char>(v >> 8);
        m += static_cast<char>(v & 0xFF);
    };
    put16(id);
    put16(0x0100);  // a standard query, recursion desired
    put16(1);       // one question
    put16(0);
    put16(0);
    put16(0);
    size_t start = 0;
    while (start < name.size()) {
        size_t dot = name.find('.', start);
        std::string label = name.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (label.empty() || label.size() > 63) throw std::runtime_error("not a DNS name: " + name);
        m += static_cast<char>(label.size());
        m += label;
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    m += '\0';
    put16(static_cast<uint16_t>(type));
    put16(1);  // class IN
    return m;
}

std::vector<DnsRecord> parseDnsAnswer(const std::string& m, uint16_t id, DnsType type) {
    if (m.size() < kHeader) throw std::runtime_error("DNS answer shorter than its header");
    if (read16(m, 0) != id) throw std::runtime_error("DNS answer to another question");
    uint16_t flags = read16(m, 2);
    int rcode = flags & 0x0F;
    if (rcode == 3) return {};  // NXDOMAIN: no such name
    if (rcode != 0) throw std::runtime_error("DNS server answered with error code " + std::to_string(rcode));
    uint16_t questions = read16(m, 4), answers = read16(m, 6);
    size_t at = kHeader;
    for (int q = 0; q < questions; ++q) {
        readName(m, at);
        at += 4;
    }
    std::vector<DnsRecord> out;
    for (int a = 0; a < answers; ++a) {
        readName(m, at);
        uint16_t rtype = read16(m, at);
        uint16_t length = read16(m, at + 8);
        size_t data = at + 10;
        if (data + length > m.size()) throw std::runtime_error("DNS record cut short");
        if (rtype == static_cast<uint16_t>(type)) {
            DnsRecord r;
            size_t p = data;
            r.priority = read16(m, p);
            p += 2;
            if (type == DnsType::SRV) {
                r.weight = read16(m, p);
                r.port = read16(m, p + 2);
                p += 4;
            }
            r.target = readName(m, p);
            if (p > data + length) throw std::runtime_error("DNS record data longer than its length");
            out.push_back(r);
        }
        at = data + length;
    }
    std::stable_sort(out.begin(), out.end(), [](const DnsRecord& a, const DnsRecord& b) { return a.priority < b.priority; });
    return out;
}

std::vector<DnsRecord> dnsQuery(const std::string& name, DnsType type, std::chrono::milliseconds timeout,
                                const DnsServer& server) {
    std::random_device rd;
    auto id = static_cast<uint16_t>(rd());
    std::string query = dnsQueryMessage(id, name, type);
    Poco::Net::SocketAddress address(server.host, server.port);
    Poco::Net::DatagramSocket socket(address.family());
    socket.sendTo(query.data(), static_cast<int>(query.size()), address);
    std::string answer(4096, '\0');
    Poco::Net::SocketAddress from;
    int n = 0;
    // Datagrams from any other address are dropped: only the server asked may answer, within the deadline.
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    do {
        auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - std::chrono::steady_clock::now());
        try {
            if (left.count() <= 0) throw Poco::TimeoutException();
            socket.setReceiveTimeout(Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(left.count())));
            n = socket.receiveFrom(answer.data(), static_cast<int>(answer.size()), from);
        } catch (const Poco::TimeoutException&) {
            throw DnsTimeout("no DNS answer from " + address.toString() + " within " + std::to_string(timeout.count()) + " ms");
        }
    } while (from != address);
    answer.resize(static_cast<size_t>(std::max(n, 0)));
    return parseDnsAnswer(answer, id, type);
}

}  // namespace mailblock::common::autoconfig
