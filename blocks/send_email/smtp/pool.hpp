// Authenticated SMTP sessions kept between block runs of one process, keyed by everything that makes a
// connection different (server, port, security, trust, login and a hash of the secret). A mailing through
// `rpa run --each` then pays for connect, TLS and AUTH once per 100 messages instead of once per message, and
// for the TLS context (the CA store: ~15 ms of PEM decoding) once per key instead of once per connection.
// Thread-safe. Sessions are handed out exclusively: one message at a time per connection.
#pragma once

#include <Poco/Net/Context.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "send_email/smtp/session.hpp"

namespace mailblock::send_email::smtp {

// Server, port, security, CA file, trust option, EHLO name, login and SHA-256 of password and token.
std::string poolKey(const TransportSettings& s);

class Pool {
public:
    static Pool& instance();

    // An idle session for `key`, or nullptr. Sessions idle longer than `idle` are closed, not returned.
    std::unique_ptr<Session> take(const std::string& key, std::chrono::seconds idle);
    // Keeps a session that can send more (under the per-connection limit), else QUITs it.
    void give(const std::string& key, std::unique_ptr<Session> session, const PoolOptions& options);
    // Waits as long as needed to keep `key` within `per_second` messages a second (0: no wait). Throws
    // common::Cancelled when `cancelled` says so during the wait.
    void pace(const std::string& key, double per_second, const std::function<bool()>& cancelled);
    // The TLS context for `key`'s connections, made on first use and shared by all of them (an SSL_CTX is safe
    // to share between connections and threads). Made again after kTlsContextAge, so that a renewed CA file
    // reaches a long-running engine. Nothing process-wide is set (no SSLManager defaults).
    Poco::Net::Context::Ptr tlsContext(const std::string& key, const common::Endpoint& endpoint);
    // QUITs every kept session and drops the TLS contexts (plugin shutdown).
    void closeAll();

    static constexpr std::chrono::minutes kTlsContextAge{10};

private:
    struct Idle {
        std::unique_ptr<Session> session;
        std::chrono::steady_clock::time_point since;
    };
    std::mutex mutex_;
    std::map<std::string, std::vector<Idle>> idle_;
    std::map<std::string, std::chrono::steady_clock::time_point> next_send_;
    struct Tls {
        Poco::Net::Context::Ptr context;
        std::chrono::steady_clock::time_point made;
    };
    std::map<std::string, Tls> tls_;
};

}  // namespace mailblock::send_email::smtp
