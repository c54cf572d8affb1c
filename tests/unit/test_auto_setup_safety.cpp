// Auto-setup safety and order: where a password may go (passwordDestinationProblem), the username a preset
// gives, and findMailSettings trying presets, then autoconfig, then MX, against servers on 127.0.0.1 only.
#include <doctest/doctest.h>

#include "env_guard.hpp"

#include <Poco/Net/DatagramSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <optional>
#include <thread>

#include "common/autoconfig/auto_setup.hpp"

using namespace mailblock::common::autoconfig;
using mailblock::common::Security;
using namespace std::chrono_literals;

namespace {

// A port on 127.0.0.1 nothing listens on (bound, read, released).
uint16_t closedTcpPort() {
    Poco::Net::ServerSocket s(Poco::Net::SocketAddress("127.0.0.1", 0));
    uint16_t port = s.address().port();
    s.close();
    return port;
}

// Answers every HTTP request on 127.0.0.1 with `response`, counting them.
class LocalHttp {
public:
    explicit LocalHttp(std::string response)
        : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)), response_(std::move(response)), thread_([this] { run(); }) {}
    ~LocalHttp() {
        stop_ = true;
        thread_.join();
    }
    uint16_t port() const { return socket_.address().port(); }
    int requests() const { return requests_; }

private:
    void run() {
        while (!stop_) {
            if (!socket_.poll(Poco::Timespan(0, 20000), Poco::Net::Socket::SELECT_READ)) continue;
            try {
                Poco::Net::StreamSocket c = socket_.acceptConnection();
                c.setReceiveTimeout(Poco::Timespan(2, 0));
                std::string request;
                char buffer[1024];
                while (request.find("\r\n\r\n") == std::string::npos) {
                    int n = c.receiveBytes(buffer, sizeof buffer);
                    if (n <= 0) break;
                    request.append(buffer, static_cast<size_t>(n));
                }
                ++requests_;
                c.sendBytes(response_.data(), static_cast<int>(response_.size()), MSG_NOSIGNAL);
                c.shutdownSend();
            } catch (...) {
            }
        }
    }

    Poco::Net::ServerSocket socket_;
    std::string response_;
    std::atomic<bool> stop_{false};
    std::atomic<int> requests_{0};
    std::thread thread_;
};

std::string http(const std::string& status, const std::string& body) {
    return "HTTP/1.1 " + status + "\r\nContent-Type: text/xml\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

std::string autoconfigFor(const std::string& smtp_host) {
    return "<?xml version=\"1.0\"?><clientConfig version=\"1.1\"><emailProvider id=\"x\">"
           "<incomingServer type=\"imap\"><hostname>imap.company.example</hostname><port>993</port>"
           "<socketType>SSL</socketType><username>%EMAILADDRESS%</username></incomingServer>"
           "<outgoingServer type=\"smtp\"><hostname>" + smtp_host + "</hostname><port>465</port>"
           "<socketType>SSL</socketType><username>%EMAILADDRESS%</username></outgoingServer>"
           "</emailProvider></clientConfig>";
}

// A DNS server on 127.0.0.1 that answers MX queries with one exchange; counts the queries it got.
class LocalDns {
public:
    explicit LocalDns(std::string exchange)
        : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)), exchange_(std::move(exchange)), thread_([this] { run(); }) {}
    ~LocalDns() {
        stop_ = true;
        thread_.join();
    }
    uint16_t port() const { return socket_.address().port(); }
    int queries() const { return queries_; }

private:
    static std::string u16(uint16_t v) { return {static_cast<char>(v >> 8), static_cast<char>(v & 0xFF)}; }
    void run() {
        while (!stop_) {
            if (!socket_.poll(Poco::Timespan(0, 20000), Poco::Net::Socket::SELECT_READ)) continue;
            char buffer[512];
            Poco::Net::SocketAddress client;
            int n = socket_.receiveFrom(buffer, sizeof buffer, client);
            ++queries_;
            if (n <= 12) continue;
            std::string query(buffer, static_cast<size_t>(n));
            bool mx = query.substr(query.size() - 4, 2) == u16(15);
            std::string rdata = u16(10);
            for (size_t start = 0; start <= exchange_.size();) {
                size_t dot = std::min(exchange_.find('.', start), exchange_.size());
                rdata += static_cast<char>(dot - start) + exchange_.substr(start, dot - start);
                start = dot + 1;
            }
            rdata += '\0';
            std::string reply = query.substr(0, 2) + u16(0x8180) + u16(1) + u16(mx ? 1 : 0) + u16(0) + u16(0) +
                                query.substr(12);
            if (mx) reply += u16(0xC00C) + u16(15) + u16(1) + u16(0) + u16(300) + u16(static_cast<uint16_t>(rdata.size())) + rdata;
            socket_.sendTo(reply.data(), static_cast<int>(reply.size()), client);
        }
    }

    Poco::Net::DatagramSocket socket_;
    std::string exchange_;
    std::atomic<bool> stop_{false};
    std::atomic<int> queries_{0};
    std::thread thread_;
};

std::string joined(const std::vector<std::string>& lines) {
    std::string all;
    for (const auto& l : lines) all += l + "\n";
    return all;
}

FoundSettings unauthenticated(const std::string& source, const std::string& smtp_host) {
    FoundSettings f;
    f.smtp.push_back({smtp_host, 465, Security::Implicit});
    f.source = source;
    f.detail = "http://autoconfig.company.example/mail/config-v1.1.xml";
    f.authenticated = false;
    return f;
}

}  // namespace

TEST_CASE("safety: a password may go to a preset, to the address's own domain, to a preset's server") {
    const ProviderPreset* yandex = presetForDomain("yandex.ru");
    REQUIRE(yandex);
    CHECK(passwordDestinationProblem(settingsFromPreset(*yandex, "u@yandex.ru", "preset"), "smtp.yandex.ru", "u@yandex.ru") == "");
    FoundSettings own = unauthenticated("autoconfig", "smtp.company.example");
    CHECK(passwordDestinationProblem(own, "smtp.company.example", "u@company.example") == "");
    CHECK(passwordDestinationProblem(own, "SMTP.Company.Example", "u@Company.Example") == "");
    CHECK(passwordDestinationProblem(own, "company.example", "u@company.example") == "");
    FoundSettings mx = unauthenticated("mx", "smtp.yandex.ru");
    CHECK(passwordDestinationProblem(mx, "smtp.yandex.ru", "u@company.example") == "");
    CHECK(passwordDestinationProblem(mx, "smtp.office365.com", "u@company.example") == "");
}

TEST_CASE("safety: a foreign host from an unauthenticated source is refused, naming the host") {
    FoundSettings f = unauthenticated("autoconfig", "mail.attacker.example");
    std::string reason = passwordDestinationProblem(f, "mail.attacker.example", "u@company.example");
    REQUIRE(reason != "");
    CHECK_MESSAGE(reason.find("mail.attacker.example") != std::string::npos, reason);
    CHECK_MESSAGE(reason.find("autoconfig") != std::string::npos, reason);
    // Look-alikes of the address's domain are foreign too.
    CHECK(passwordDestinationProblem(f, "evilcompany.example", "u@company.example") != "");
    CHECK(passwordDestinationProblem(f, "company.example.attacker.example", "u@company.example") != "");
    CHECK(passwordDestinationProblem(unauthenticated("srv", "x"), "smtp.notyandex.ru", "u@company.example") != "");
    CHECK(passwordDestinationProblem(f, "mail.attacker.example", "no-domain") != "");
}

TEST_CASE("safety: settingsFromPreset gives the preset's servers, the login each takes, and their sources") {
    ProviderPreset p;
    p.id = "corp";
    p.smtp = {{"smtp.corp.example", 465, Security::Implicit}};
    p.imap = {{"imap.corp.example", 993, Security::Implicit}};
    p.smtp[0].login = LoginForm::Address;
    p.imap[0].login = LoginForm::LocalPart;  // as iCloud: SMTP takes the address, IMAP the local part
    p.smtp[0].source = p.imap[0].source = "thunderbird/autoconfig ispdb/corp.example.xml 0123";
    FoundSettings f = settingsFromPreset(p, "john.doe@corp.example", "preset");
    CHECK(f.username == "");  // no literal login: each server's form decides
    CHECK(f.address == "john.doe@corp.example");
    CHECK(loginFor(f.smtp.at(0).login, f.address) == "john.doe@corp.example");
    CHECK(loginFor(f.imap.at(0).login, f.address) == "john.doe");
    CHECK(f.smtp.at(0).host == "smtp.corp.example");
    CHECK(f.imap.at(0).port == 993);
    CHECK(f.smtp.at(0).source == "preset corp: thunderbird/autoconfig ispdb/corp.example.xml 0123");
    CHECK(f.authenticated);
    CHECK(f.provider == &p);
    CHECK(f.detail == "corp");
    CHECK(settingsFromPreset(p, "john.doe@corp.example", "mx").source == "mx");
}

TEST_CASE("safety: findMailSettings takes a preset domain without touching the network") {
    const uint16_t closed = closedTcpPort();
    EnvGuard dns("MAILBLOCK_DNS_SERVER", "127.0.0.1:" + std::to_string(closed));
    EnvGuard web("MAILBLOCK_AUTOCONFIG_URL", "http://127.0.0.1:" + std::to_string(closed) + "/{domain}.xml");
    AutoSetupOptions o;
    o.step_timeout = 2000ms;
    o.confirm = [](const ServerSetting&) {
        FAIL("a guess was tried");
        return false;
    };
    auto started = std::chrono::steady_clock::now();
    AutoSetupResult r = findMailSettings("Someone@YANDEX.RU", o);
    CHECK(std::chrono::steady_clock::now() - started < 500ms);  // a DNS query would have waited 2 s
    REQUIRE_MESSAGE(r.found, joined(r.trace));
    CHECK(r.found->source == "preset");
    CHECK(r.found->provider == presetForDomain("yandex.ru"));
    CHECK(r.found->smtp.at(0).host == "smtp.yandex.ru");
    CHECK(r.trace == std::vector<std::string>{"preset: yandex"});
}

TEST_CASE("safety: findMailSettings takes a local autoconfig document before MX, and its foreign host is flagged") {
    LocalHttp web(http("200 OK", autoconfigFor("mail.attacker.example")));
    LocalDns dns("mx.yandex.net");
    EnvGuard dns_env("MAILBLOCK_DNS_SERVER", "127.0.0.1:" + std::to_string(dns.port()));
    EnvGuard web_env("MAILBLOCK_AUTOCONFIG_URL", "http://127.0.0.1:" + std::to_string(web.port()) + "/{domain}.xml");
    AutoSetupOptions o;
    o.step_timeout = 2000ms;
    AutoSetupResult r = findMailSettings("u@company.example", o);
    REQUIRE_MESSAGE(r.found, joined(r.trace));
    CHECK(r.found->source == "autoconfig");
    CHECK_FALSE(r.found->authenticated);
    CHECK(r.found->smtp.at(0).host == "mail.attacker.example");
    CHECK(web.requests() == 1);
    CHECK(dns.queries() == 0);
    CHECK_MESSAGE(r.trace.size() == 2, joined(r.trace));
    std::string reason = passwordDestinationProblem(*r.found, r.found->smtp.at(0).host, "u@company.example");
    CHECK_MESSAGE(reason.find("mail.attacker.example") != std::string::npos, reason);
}

TEST_CASE("safety: findMailSettings falls back to MX when autoconfig has nothing (a company on Yandex 360)") {
    LocalHttp web(http("404 Not Found", "no"));
    LocalDns dns("mx.yandex.net");
    EnvGuard dns_env("MAILBLOCK_DNS_SERVER", "127.0.0.1:" + std::to_string(dns.port()));
    EnvGuard web_env("MAILBLOCK_AUTOCONFIG_URL", "http://127.0.0.1:" + std::to_string(web.port()) + "/{domain}.xml");
    AutoSetupOptions o;
    o.step_timeout = 2000ms;
    AutoSetupResult r = findMailSettings("u@company.example", o);
    REQUIRE_MESSAGE(r.found, joined(r.trace));
    CHECK(r.found->source == "mx");
    CHECK(r.found->provider == presetForDomain("yandex.ru"));
    CHECK(web.requests() == 1);
    CHECK(dns.queries() == 1);
    std::string trace = joined(r.trace);
    size_t mx_line = trace.find("MX company.example: mx.yandex.net (yandex)");
    CHECK_MESSAGE(mx_line != std::string::npos, trace);
    CHECK_MESSAGE(trace.find("404") < mx_line, trace);
    CHECK(passwordDestinationProblem(*r.found, r.found->smtp.at(0).host, "u@company.example") == "");
}
