#include "common/oauth/loopback_listener.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/URI.h>

namespace mailblock::common::oauth {

namespace {

constexpr size_t kMaxRequestBytes = size_t{16} * 1024;

// The request line and headers, up to the empty line; bounded.
std::string readHead(Poco::Net::StreamSocket& s) {
    std::string head;
    char buffer[1024];
    while (head.find("\r\n\r\n") == std::string::npos && head.find("\n\n") == std::string::npos) {
        int n = s.receiveBytes(buffer, sizeof buffer);
        if (n <= 0) break;
        head.append(buffer, static_cast<size_t>(n));
        if (head.size() > kMaxRequestBytes) break;
    }
    return head;
}

void answer(Poco::Net::StreamSocket& s, int status, const std::string& reason, const std::string& text) {
    std::string body = "<!doctype html><meta charset=\"utf-8\"><title>mailblock</title><p>" + text + "</p>\n";
    std::string reply = "HTTP/1.1 " + std::to_string(status) + " " + reason +
                        "\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n"
                        "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    try {
        s.sendBytes(reply.data(), static_cast<int>(reply.size()));
    } catch (const Poco::Exception&) {
        // the browser went away: the code we got is what matters
    }
}

}  // namespace

std::map<std::string, std::string> queryParameters(const std::string& target) {
    std::map<std::string, std::string> out;
    size_t q = target.find('?');
    if (q == std::string::npos) return out;
    std::string query = target.substr(q + 1);
    size_t start = 0;
    while (start <= query.size()) {
        size_t end = query.find('&', start);
        if (end == std::string::npos) end = query.size();
        std::string pair = query.substr(start, end - start);
        for (char& c : pair)
            if (c == '+') c = ' ';
        size_t eq = pair.find('=');
        std::string key, value;
        try {
            Poco::URI::decode(pair.substr(0, eq), key);
            if (eq != std::string::npos) Poco::URI::decode(pair.substr(eq + 1), value);
        } catch (const Poco::Exception&) {
            key.clear();
        }
        if (!key.empty()) out[key] = value;
        start = end + 1;
    }
    return out;
}

LoopbackListener::LoopbackListener() : socket_(Poco::Net::SocketAddress("127.0.0.1", 0), 4) {}

uint16_t LoopbackListener::port() const { return socket_.address().port(); }

std::string LoopbackListener::redirectUri() const { return "http://127.0.0.1:" + std::to_string(port()) + "/"; }

std::string LoopbackListener::waitForCode(std::chrono::seconds timeout, const std::string& expected_state) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || !socket_.poll(Poco::Timespan(left.count() * 1000), Poco::Net::Socket::SELECT_READ))
            throw RedirectError("no sign-in within " + std::to_string(timeout.count()) +
                                " s: the browser never came back to " + redirectUri() + " (try again, or use --device)");
        Poco::Net::StreamSocket client = socket_.acceptConnection();
        client.setReceiveTimeout(Poco::Timespan(10, 0));
        client.setSendTimeout(Poco::Timespan(10, 0));
        std::string head;
        try {
            head = readHead(client);
        } catch (const Poco::Exception&) {
            continue;  // a client that connected and said nothing
        }
        size_t sp1 = head.find(' ');
        size_t sp2 = sp1 == std::string::npos ? sp1 : head.find(' ', sp1 + 1);
        if (head.compare(0, 4, "GET ") != 0 || sp2 == std::string::npos) {
            answer(client, 400, "Bad Request", "Not a sign-in answer.");
            continue;
        }
        auto params = queryParameters(head.substr(sp1 + 1, sp2 - sp1 - 1));
        if (!params.count("code") && !params.count("error")) {
            answer(client, 404, "Not Found", "Not a sign-in answer.");
            continue;
        }
        if (params["state"] != expected_state) {
            answer(client, 400, "Bad Request", "The sign-in answer does not belong to this sign-in.");
            throw RedirectError("the redirect's state does not match this sign-in (a forged or stale redirect): "
                                "nothing was stored; try again");
        }
        if (params.count("error")) {
            answer(client, 200, "OK", "Sign-in refused. You can close this window.");
            std::string why = params["error"];
            if (!params["error_description"].empty()) why += ": " + params["error_description"];
            throw RedirectError("the provider refused the sign-in (" + why + ")");
        }
        answer(client, 200, "OK", "Signed in. You can close this window and go back to rpa.");
        return params["code"];
    }
}

}  // namespace mailblock::common::oauth
