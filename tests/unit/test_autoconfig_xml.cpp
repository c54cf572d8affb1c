// Thunderbird autoconfig documents: what parseAutoconfig takes from an ISPDB-style config-v1.1.xml, what it
// refuses (malformed, no SMTP, external entities), and fetchAutoconfig against an HTTP server on 127.0.0.1.
#include <doctest/doctest.h>

#include "env_guard.hpp"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "common/autoconfig/autoconfig_xml.hpp"

using namespace mailblock::common::autoconfig;
using mailblock::common::Security;
using namespace std::chrono_literals;

namespace {

std::string server(const char* kind, const char* type, const std::string& host, const char* port, const char* socket,
                   const char* username = "%EMAILADDRESS%") {
    return std::string("<") + kind + " type=\"" + type + "\">\n  <hostname>" + host + "</hostname>\n  <port>" + port +
           "</port>\n  <socketType>" + socket + "</socketType>\n  <authentication>password-cleartext</authentication>\n"
           "  <username>" + username + "</username>\n</" + kind + ">\n";
}

std::string config(const std::string& servers, const std::string& prolog = "") {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + prolog +
           "<clientConfig version=\"1.1\">\n<emailProvider id=\"example.org\">\n<domain>example.org</domain>\n"
           "<displayName>Example Mail</displayName>\n<displayShortName>Example</displayShortName>\n" + servers +
           "<documentation url=\"http://example.org/help\"><descr lang=\"en\">Setup</descr></documentation>\n"
           "</emailProvider>\n</clientConfig>\n";
}

// Like Mozilla ISPDB's documents: IMAP (SSL, then STARTTLS), a POP3 server to skip, SMTP SSL / STARTTLS / plain.
std::string ispdb(const char* username = "%EMAILADDRESS%") {
    return config(server("incomingServer", "imap", "IMAP.Example.org", "993", "SSL", username) +
                  server("incomingServer", "pop3", "pop.example.org", "995", "SSL", username) +
                  server("incomingServer", "imap", "imap.example.org", "143", "STARTTLS", username) +
                  server("outgoingServer", "smtp", "smtp.example.org", "465", "SSL", username) +
                  server("outgoingServer", "smtp", "smtp.example.org", "587", "STARTTLS", username) +
                  server("outgoingServer", "smtp", "smtp..broken", "25", "plain", username) +
                  server("outgoingServer", "smtp", "relay.example.org", "25", "plain", username));
}

std::string http(const std::string& status, const std::string& body, const std::string& headers = "") {
    return "HTTP/1.1 " + status + "\r\nContent-Type: text/xml\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n" + headers + "\r\n" + body;
}

// An HTTP server on 127.0.0.1: the handler gets the request line and returns the whole response; an empty one
// means never answer (the connection stays open until the server ends).
class LocalHttp {
public:
    explicit LocalHttp(std::function<std::string(const std::string&)> handler)
        : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)), handler_(std::move(handler)), thread_([this] { run(); }) {}
    ~LocalHttp() {
        stop_ = true;
        thread_.join();
    }
    uint16_t port() const { return socket_.address().port(); }
    std::vector<std::string> requests() {
        std::lock_guard<std::mutex> lock(mutex_);
        return requests_;
    }

private:
    void run() {
        while (!stop_) {
            if (!socket_.poll(Poco::Timespan(0, 20000), Poco::Net::Socket::SELECT_READ)) continue;
            Poco::Net::StreamSocket c = socket_.acceptConnection();
            std::string request;
            try {
                c.setReceiveTimeout(Poco::Timespan(2, 0));
                char buffer[1024];
                while (request.find("\r\n\r\n") == std::string::npos) {
                    int n = c.receiveBytes(buffer, sizeof buffer);
                    if (n <= 0) break;
                    request.append(buffer, static_cast<size_t>(n));
                }
            } catch (...) {
                continue;
            }
            std::string line = request.substr(0, request.find("\r\n"));
            {
                std::lock_guard<std::mutex> lock(mutex_);
                requests_.push_back(line);
            }
            std::string response = handler_(line);
            if (response.empty()) {
                held_.push_back(c);
                continue;
            }
            try {
                c.sendBytes(response.data(), static_cast<int>(response.size()), MSG_NOSIGNAL);
                c.shutdownSend();
            } catch (...) {
            }
        }
    }

    Poco::Net::ServerSocket socket_;
    std::function<std::string(const std::string&)> handler_;
    std::atomic<bool> stop_{false};
    std::mutex mutex_;
    std::vector<std::string> requests_;
    std::vector<Poco::Net::StreamSocket> held_;
    std::thread thread_;
};

std::string joined(const std::vector<std::string>& lines) {
    std::string all;
    for (const auto& l : lines) all += l + "\n";
    return all;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("autoconfig parse: an ISPDB-style document gives SMTP and IMAP servers in order") {
    FoundSettings f = parseAutoconfig(ispdb(), "john.doe@example.org");
    REQUIRE(f.smtp.size() == 3);  // "smtp..broken" is skipped
    CHECK(f.smtp[0].host == "smtp.example.org");
    CHECK(f.smtp[0].port == 465);
    CHECK(f.smtp[0].security == Security::Implicit);
    CHECK(f.smtp[1].port == 587);
    CHECK(f.smtp[1].security == Security::StartTls);
    CHECK(f.smtp[2].host == "relay.example.org");
    CHECK(f.smtp[2].security == Security::None);
    REQUIRE(f.imap.size() == 2);  // the POP3 server is not an IMAP server
    CHECK(f.imap[0].host == "imap.example.org");  // host names lower-cased
    CHECK(f.imap[0].security == Security::Implicit);
    CHECK(f.imap[1].port == 143);
    CHECK(f.imap[1].security == Security::StartTls);
    CHECK(f.source == "autoconfig");
    CHECK(f.username == "");  // %EMAILADDRESS%: the full address, the default
    CHECK_FALSE(f.authenticated);
}

TEST_CASE("autoconfig parse: %EMAILLOCALPART% makes the login the part before @") {
    FoundSettings local = parseAutoconfig(ispdb("%EMAILLOCALPART%"), "john.doe@example.org");
    CHECK(local.username == "john.doe");
    CHECK(local.imap.at(0).login == LoginForm::LocalPart);  // each server keeps its own form (iCloud's differ)
    CHECK(parseAutoconfig(ispdb(), "john.doe@example.org").imap.at(0).login == LoginForm::Address);
    CHECK(parseAutoconfig(ispdb(""), "john.doe@example.org").smtp.at(0).login == LoginForm::Unconfirmed);
    CHECK(parseAutoconfig(ispdb("%EMAILLOCALPART%@mail.%EMAILDOMAIN%"), "john.doe@Example.org").username ==
          "john.doe@mail.example.org");
}

TEST_CASE("autoconfig parse: malformed XML and documents without an SMTP server are refused") {
    CHECK_THROWS_WITH(parseAutoconfig("<clientConfig><emailProvider>", "a@example.org"), doctest::Contains("malformed"));
    CHECK_THROWS_AS(parseAutoconfig("not xml at all", "a@example.org"), std::runtime_error);
    CHECK_THROWS_AS(parseAutoconfig("", "a@example.org"), std::runtime_error);
    std::string imap_only = config(server("incomingServer", "imap", "imap.example.org", "993", "SSL"));
    CHECK_THROWS_WITH(parseAutoconfig(imap_only, "a@example.org"), doctest::Contains("no usable SMTP server"));
    std::string bad_ports = config(server("outgoingServer", "smtp", "smtp.example.org", "0", "SSL") +
                                   server("outgoingServer", "smtp", "smtp.example.org", "70000", "SSL") +
                                   server("outgoingServer", "smtp", "smtp.example.org", "smtp", "SSL"));
    CHECK_THROWS_WITH(parseAutoconfig(bad_ports, "a@example.org"), doctest::Contains("no usable SMTP server"));
}

TEST_CASE("autoconfig parse: external entities are not read (no file content leaks)") {
    const std::string secret = "smtp.leaked-secret.example";
    const std::string path = "/tmp/mailblock_xxe_" + std::to_string(::getpid()) + ".txt";
    { std::ofstream(path) << secret; }
    std::string dtd = "<!DOCTYPE clientConfig [ <!ENTITY leak SYSTEM \"file://" + path + "\"> ]>\n";
    std::string xml = config(server("outgoingServer", "smtp", "&leak;", "465", "SSL") +
                             server("outgoingServer", "smtp", "smtp.example.org", "587", "STARTTLS", "&leak;x"), dtd);
    std::string seen;
    try {
        FoundSettings f = parseAutoconfig(xml, "a@example.org");
        for (const auto& s : f.smtp) seen += s.host + " ";
        seen += f.username;
    } catch (const std::runtime_error&) {
        // Refusing the document is fine too.
    }
    std::remove(path.c_str());
    CHECK_MESSAGE(!contains(seen, "leaked-secret"), seen);
}

TEST_CASE("autoconfig parse: an entity bomb is refused quickly") {
    std::string dtd = "<!DOCTYPE clientConfig [ <!ENTITY a \"aaaaaaaaaa\">";
    for (char e = 'b'; e <= 'k'; ++e) {  // each entity is ten of the one before: 10^11 characters in all
        std::string refs;
        for (int i = 0; i < 10; ++i) refs += std::string("&") + static_cast<char>(e - 1) + ";";
        dtd += std::string(" <!ENTITY ") + e + " \"" + refs + "\">";
    }
    dtd += " ]>\n";
    std::string xml = config(server("outgoingServer", "smtp", "smtp.example.org", "465", "SSL", "&k;"), dtd);
    auto started = std::chrono::steady_clock::now();
    std::string username;
    try {
        username = parseAutoconfig(xml, "a@example.org").username;
    } catch (const std::runtime_error&) {
    }
    CHECK(std::chrono::steady_clock::now() - started < 2s);
    CHECK(username.size() < 100000);
}

TEST_CASE("autoconfig fetch: a document over HTTP is found, not authenticated") {
    LocalHttp web([](const std::string&) { return http("200 OK", ispdb()); });
    EnvGuard env("MAILBLOCK_AUTOCONFIG_URL",
                 "http://127.0.0.1:" + std::to_string(web.port()) + "/mail/{domain}/config-v1.1.xml?emailaddress={address}");
    FetchTrace trace;
    auto f = fetchAutoconfig("john@Example.org", 2000ms, "", trace);
    REQUIRE_MESSAGE(f, joined(trace.tried));
    CHECK(f->source == "autoconfig");
    CHECK_FALSE(f->authenticated);
    CHECK(f->smtp.at(0).host == "smtp.example.org");
    CHECK(contains(f->detail, "127.0.0.1"));
    REQUIRE(web.requests().size() == 1);
    CHECK(web.requests()[0] == "GET /mail/example.org/config-v1.1.xml?emailaddress=john@Example.org HTTP/1.1");
    CHECK(contains(joined(trace.tried), ": found"));
}

TEST_CASE("autoconfig fetch: an address with URL characters or a placeholder in it is encoded once") {
    LocalHttp web([](const std::string&) { return http("200 OK", ispdb()); });
    EnvGuard env("MAILBLOCK_AUTOCONFIG_URL",
                 "http://127.0.0.1:" + std::to_string(web.port()) + "/{domain}.xml?emailaddress={address}");
    FetchTrace trace;
    auto f = fetchAutoconfig("a+b#{address}&x@example.org", 2000ms, "", trace);
    REQUIRE_MESSAGE(f, joined(trace.tried));
    REQUIRE(web.requests().size() == 1);
    CHECK(web.requests()[0] == "GET /example.org.xml?emailaddress=a%2Bb%23%7Baddress%7D%26x@example.org HTTP/1.1");
}

TEST_CASE("autoconfig: an address holding a username placeholder is filled in once") {
    std::string xml = config(server("outgoingServer", "smtp", "smtp.example.org", "465", "SSL", "%EMAILLOCALPART%"));
    CHECK(parseAutoconfig(xml, "%EMAILLOCALPART%x@example.org").username == "%EMAILLOCALPART%x");
    std::string unknown = config(server("outgoingServer", "smtp", "smtp.example.org", "465", "SSL", "%EMAILLOCALPAR%"));
    CHECK(parseAutoconfig(unknown, "a@example.org").username.empty());  // unknown placeholder: the full address
}

TEST_CASE("autoconfig fetch: 404, oversized and unusable answers give nothing, with the reason in the trace") {
    std::string answer;
    LocalHttp web([&](const std::string&) { return answer; });
    EnvGuard env("MAILBLOCK_AUTOCONFIG_URL", "http://127.0.0.1:" + std::to_string(web.port()) + "/{domain}.xml");
    FetchTrace trace;
    answer = http("404 Not Found", "<html>no</html>");
    CHECK_FALSE(fetchAutoconfig("a@example.org", 2000ms, "", trace));
    REQUIRE(trace.tried.size() == 1);
    CHECK_MESSAGE(contains(trace.tried[0], "404"), trace.tried[0]);
    CHECK(contains(trace.tried[0], "/example.org.xml"));

    answer = http("200 OK", config(server("outgoingServer", "smtp", "smtp.example.org", "465", "SSL") +
                                   "<!--" + std::string(70 * 1024, 'x') + "-->"));
    CHECK_FALSE(fetchAutoconfig("a@example.org", 2000ms, "", trace));
    REQUIRE(trace.tried.size() == 2);
    CHECK_MESSAGE(contains(trace.tried[1], "larger than 64 KB"), trace.tried[1]);

    answer = http("200 OK", "<clientConfig>");
    CHECK_FALSE(fetchAutoconfig("a@example.org", 2000ms, "", trace));
    REQUIRE(trace.tried.size() == 3);
    CHECK_MESSAGE(contains(trace.tried[2], "malformed"), trace.tried[2]);
}

TEST_CASE("autoconfig fetch: a redirect to another host is refused, one on the same host followed") {
    std::string location;
    LocalHttp web([&](const std::string& line) {
        if (contains(line, "/real.xml")) return http("200 OK", ispdb());
        return http("302 Found", "", "Location: " + location + "\r\n");
    });
    const std::string base = "http://127.0.0.1:" + std::to_string(web.port());
    EnvGuard env("MAILBLOCK_AUTOCONFIG_URL", base + "/start.xml");

    location = "http://mail.attacker.example/real.xml";
    FetchTrace refused;
    CHECK_FALSE(fetchAutoconfig("a@example.org", 2000ms, "", refused));
    REQUIRE(refused.tried.size() == 1);
    CHECK_MESSAGE(contains(refused.tried[0], "refused"), refused.tried[0]);
    CHECK(contains(refused.tried[0], "mail.attacker.example"));
    CHECK(web.requests().size() == 1);

    location = "/real.xml";
    FetchTrace followed;
    auto f = fetchAutoconfig("a@example.org", 2000ms, "", followed);
    REQUIRE_MESSAGE(f, joined(followed.tried));
    CHECK(f->smtp.at(0).host == "smtp.example.org");
    REQUIRE(web.requests().size() == 3);
    CHECK(web.requests()[2] == "GET /real.xml HTTP/1.1");

    location = base + "/again.xml";  // same host, but a second redirect
    FetchTrace twice;
    CHECK_FALSE(fetchAutoconfig("a@example.org", 2000ms, "", twice));
    CHECK_MESSAGE(contains(joined(twice.tried), "redirected twice"), joined(twice.tried));
}

TEST_CASE("autoconfig fetch: a server that accepts and never answers gives up within the timeout") {
    LocalHttp web([](const std::string&) { return std::string(); });
    EnvGuard env("MAILBLOCK_AUTOCONFIG_URL", "http://127.0.0.1:" + std::to_string(web.port()) + "/{domain}.xml");
    FetchTrace trace;
    const auto timeout = 500ms;
    auto started = std::chrono::steady_clock::now();
    CHECK_FALSE(fetchAutoconfig("a@example.org", timeout, "", trace));
    CHECK(std::chrono::steady_clock::now() - started < timeout + 1s);
    CHECK(web.requests().size() == 1);
    CHECK(trace.tried.size() == 1);
}
