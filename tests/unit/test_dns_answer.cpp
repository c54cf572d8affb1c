// The small DNS client of auto-setup: the query it sends, the answers it accepts (compressed names, SRV fields,
// sorting) and the ones it refuses (another id, cut short, pointer loops), and a real UDP exchange on 127.0.0.1.
#include <doctest/doctest.h>

#include "env_guard.hpp"

#include <Poco/Net/DatagramSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Timespan.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>

#include "common/autoconfig/dns_query.hpp"

using namespace mailblock::common::autoconfig;
using namespace std::chrono_literals;

namespace {

std::string u16(uint16_t v) { return {static_cast<char>(v >> 8), static_cast<char>(v & 0xFF)}; }
std::string u32(uint32_t v) { return u16(static_cast<uint16_t>(v >> 16)) + u16(static_cast<uint16_t>(v & 0xFFFF)); }

std::string header(uint16_t id, uint16_t flags, uint16_t questions, uint16_t answers) {
    return u16(id) + u16(flags) + u16(questions) + u16(answers) + u16(0) + u16(0);
}

// Uncompressed name: labels, then the root.
std::string name(const std::string& dotted) {
    std::string out;
    size_t start = 0;
    while (start < dotted.size()) {
        size_t dot = dotted.find('.', start);
        std::string label = dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        out += static_cast<char>(label.size()) + label;
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return out + '\0';
}

std::string pointer(uint16_t offset) { return u16(static_cast<uint16_t>(0xC000 | offset)); }

std::string record(const std::string& owner, DnsType type, const std::string& data) {
    return owner + u16(static_cast<uint16_t>(type)) + u16(1) + u32(300) + u16(static_cast<uint16_t>(data.size())) + data;
}

std::string question(const std::string& dotted, DnsType type) { return name(dotted) + u16(static_cast<uint16_t>(type)) + u16(1); }

// An answer to "example.org MX" whose records name the question (offset 12) by pointer.
std::string mxAnswer(uint16_t id, const std::vector<std::pair<uint16_t, std::string>>& exchanges) {
    std::string m = header(id, 0x8180, 1, static_cast<uint16_t>(exchanges.size())) + question("example.org", DnsType::MX);
    for (const auto& [preference, label] : exchanges)
        m += record(pointer(12), DnsType::MX, u16(preference) + static_cast<char>(label.size()) + label + pointer(12));
    return m;
}

}  // namespace

TEST_CASE("dns query message: header, labels and type, byte for byte") {
    std::string m = dnsQueryMessage(0x1234, "example.org", DnsType::MX);
    std::string expected = std::string("\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00", 12) + "\x07" "example" "\x03" "org" +
                           std::string("\x00\x00\x0f\x00\x01", 5);
    CHECK(m == expected);
    std::string srv = dnsQueryMessage(0xBEEF, "_submissions._tcp.example.org", DnsType::SRV);
    CHECK(srv.substr(0, 2) == "\xBE\xEF");
    CHECK(srv.substr(12) == name("_submissions._tcp.example.org") + u16(33) + u16(1));
    CHECK_THROWS(dnsQueryMessage(1, "a..example.org", DnsType::MX));
    CHECK_THROWS(dnsQueryMessage(1, std::string(64, 'a') + ".org", DnsType::MX));
}

TEST_CASE("dns answer: MX targets through name compression") {
    auto records = parseDnsAnswer(mxAnswer(7, {{10, "mx1"}}), 7, DnsType::MX);
    REQUIRE(records.size() == 1);
    CHECK(records[0].priority == 10);
    CHECK(records[0].target == "mx1.example.org");
}

TEST_CASE("dns answer: several MX records come sorted by preference") {
    auto records = parseDnsAnswer(mxAnswer(9, {{30, "c"}, {10, "a"}, {20, "b"}}), 9, DnsType::MX);
    REQUIRE(records.size() == 3);
    CHECK(records[0].target == "a.example.org");
    CHECK(records[1].target == "b.example.org");
    CHECK(records[2].target == "c.example.org");
    CHECK(records[2].priority == 30);
}

TEST_CASE("dns answer: SRV priority, weight, port and the \".\" target that means no service") {
    std::string m = header(5, 0x8180, 1, 3) + question("_submissions._tcp.example.org", DnsType::SRV) +
                    record(pointer(12), DnsType::SRV, u16(5) + u16(0) + u16(0) + name("")) +
                    record(pointer(12), DnsType::SRV, u16(0) + u16(7) + u16(465) + name("smtp.example.org")) +
                    record(pointer(12), static_cast<DnsType>(5), name("alias.example.org"));  // a CNAME: not ours
    auto records = parseDnsAnswer(m, 5, DnsType::SRV);
    REQUIRE(records.size() == 2);
    CHECK(records[0].priority == 0);
    CHECK(records[0].weight == 7);
    CHECK(records[0].port == 465);
    CHECK(records[0].target == "smtp.example.org");
    CHECK(records[1].priority == 5);
    CHECK(records[1].target == "");
}

TEST_CASE("dns answer: NXDOMAIN is no records, other errors and foreign ids are refused") {
    CHECK(parseDnsAnswer(header(3, 0x8183, 1, 0) + question("nowhere.example", DnsType::MX), 3, DnsType::MX).empty());
    CHECK(parseDnsAnswer(header(3, 0x8180, 1, 0) + question("example.org", DnsType::MX), 3, DnsType::MX).empty());
    CHECK_THROWS_WITH(parseDnsAnswer(header(3, 0x8182, 1, 0) + question("example.org", DnsType::MX), 3, DnsType::MX),
                      doctest::Contains("error code 2"));
    CHECK_THROWS_WITH(parseDnsAnswer(mxAnswer(7, {{10, "mx1"}}), 8, DnsType::MX), doctest::Contains("another question"));
}

TEST_CASE("dns answer: anything cut short throws instead of reading past the end") {
    std::string full = mxAnswer(7, {{10, "mx1"}, {20, "mx2"}});
    CHECK_THROWS(parseDnsAnswer(full.substr(0, 11), 7, DnsType::MX));
    for (size_t cut = 12; cut < full.size(); ++cut) {
        INFO("cut at " << cut << " of " << full.size());
        CHECK_THROWS_AS(parseDnsAnswer(full.substr(0, cut), 7, DnsType::MX), std::runtime_error);
    }
    // A record whose name runs past its stated length.
    std::string m = header(2, 0x8180, 1, 1) + question("example.org", DnsType::MX) +
                    pointer(12) + u16(15) + u16(1) + u32(300) + u16(4) + u16(10) + name("mx.example.org");
    CHECK_THROWS(parseDnsAnswer(m, 2, DnsType::MX));
}

TEST_CASE("dns answer: a compression pointer loop or a pointer past the end throws, and does not hang") {
    // The exchange points at itself (offset of the pointer), so following it never reaches a root label.
    std::string head = header(4, 0x8180, 1, 1) + question("example.org", DnsType::MX);
    size_t rdata = head.size() + 2 + 10;
    std::string loop = head + record(pointer(12), DnsType::MX, u16(10) + pointer(static_cast<uint16_t>(rdata + 2)));
    auto started = std::chrono::steady_clock::now();
    CHECK_THROWS_WITH(parseDnsAnswer(loop, 4, DnsType::MX), doctest::Contains("loop"));
    CHECK(std::chrono::steady_clock::now() - started < 1s);
    // Two pointers that point at each other, through a label.
    std::string pair = head + record(pointer(12), DnsType::MX,
                                     u16(10) + "\x01x" + pointer(static_cast<uint16_t>(rdata + 2)));
    CHECK_THROWS(parseDnsAnswer(pair, 4, DnsType::MX));
    std::string past = head + record(pointer(12), DnsType::MX, u16(10) + pointer(0x3FF0));
    CHECK_THROWS_WITH(parseDnsAnswer(past, 4, DnsType::MX), doctest::Contains("cut short"));
}

TEST_CASE("dns server: MAILBLOCK_DNS_SERVER overrides resolv.conf") {
    {
        EnvGuard env("MAILBLOCK_DNS_SERVER", "127.0.0.1:5353");
        DnsServer s = configuredDnsServer();
        CHECK(s.host == "127.0.0.1");
        CHECK(s.port == 5353);
    }
    {
        EnvGuard env("MAILBLOCK_DNS_SERVER", "[::1]:5353");
        CHECK(configuredDnsServer().host == "::1");
        CHECK(configuredDnsServer().port == 5353);
    }
    {
        EnvGuard env("MAILBLOCK_DNS_SERVER", "::1");
        CHECK(configuredDnsServer().host == "::1");
        CHECK(configuredDnsServer().port == 53);
    }
    EnvGuard env("MAILBLOCK_DNS_SERVER", "127.0.0.2");
    CHECK(configuredDnsServer().port == 53);
    CHECK(configuredDnsServer().host == "127.0.0.2");
}

TEST_CASE("dns over UDP: a local responder's MX answer comes back") {
    Poco::Net::DatagramSocket server(Poco::Net::SocketAddress("127.0.0.1", 0));
    server.setReceiveTimeout(Poco::Timespan(3, 0));
    std::string seen;
    std::thread responder([&] {
        try {
            char buffer[512];
            Poco::Net::SocketAddress client;
            int n = server.receiveFrom(buffer, sizeof buffer, client);
            seen.assign(buffer, static_cast<size_t>(n));
            if (seen.size() <= 12) return;
            // Same id and question, then one MX record naming the question by pointer.
            std::string reply = seen.substr(0, 2) + u16(0x8180) + u16(1) + u16(1) + u16(0) + u16(0) + seen.substr(12) +
                                record(pointer(12), DnsType::MX, u16(10) + "\x02mx" + pointer(12));
            server.sendTo(reply.data(), static_cast<int>(reply.size()), client);
        } catch (...) {  // no query came: the CHECKs below say so
        }
    });
    std::vector<DnsRecord> records;
    try {
        records = dnsQuery("example.org", DnsType::MX, 2000ms, DnsServer{"127.0.0.1", server.address().port()});
    } catch (...) {
        responder.join();
        throw;
    }
    responder.join();
    REQUIRE(seen.size() > 12);
    CHECK(seen.substr(12) == question("example.org", DnsType::MX));
    REQUIRE(records.size() == 1);
    CHECK(records[0].priority == 10);
    CHECK(records[0].target == "mx.example.org");
}

TEST_CASE("dns over UDP: a server that never answers fails within the timeout") {
    Poco::Net::DatagramSocket silent(Poco::Net::SocketAddress("127.0.0.1", 0));
    const auto timeout = 400ms;
    auto started = std::chrono::steady_clock::now();
    CHECK_THROWS_AS(dnsQuery("example.org", DnsType::MX, timeout, DnsServer{"127.0.0.1", silent.address().port()}),
                    DnsTimeout);
    auto took = std::chrono::steady_clock::now() - started;
    CHECK(took >= timeout - 50ms);
    CHECK(took < timeout + 500ms);
}
