#include "send_email/smtp/transport.hpp"

#include <Poco/Net/DNS.h>
#include <Poco/Net/HostEntry.h>

#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/i18n.hpp"
#include "send_email/smtp/pool.hpp"
#include "send_email/smtp/session.hpp"

namespace mailblock::send_email::smtp {


std::string ehloName(const std::string& configured, const Poco::Net::StreamSocket& socket) {
    if (!configured.empty()) return configured;
    try {
        std::string name = Poco::Net::DNS::thisHost().name();
        if (name.find('.') != std::string::npos && name.rfind("localhost", 0) != 0) return name;
    } catch (const Poco::Exception&) {
    }
    Poco::Net::IPAddress local = socket.address().host();
    return local.family() == Poco::Net::IPAddress::IPv6 ? "[IPv6:" + local.toString() + "]" : "[" + local.toString() + "]";
}

bool retryable(const sdk::BlockError& e) {
    static const char* before_data[] = {"connect", "greeting", "ehlo", "auth", "mail", "rcpt"};
    bool early = false;
    for (const char* st : before_data) early = early || e.stage == st;
    if (e.kind == "connect_refused" || e.kind == "server_busy") return true;
    if ((e.kind == "timeout" || e.kind == "connection_lost") && early) return true;
    return e.code >= 400 && e.code < 500 && (early || e.stage == "auth");
}

void MessageData::writeTo(std::ostream& out) const {
    if (generate) return generate(out);
    if (path.empty()) {
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("the spooled message " + path + " cannot be read");
    out << in.rdbuf();
}

namespace {

// One attempt: a pooled session when one is alive (checked with RSET), else a new one. A pooled session
// that turns out dead before MAIL FROM is replaced at once; that cannot send anything twice.
Delivery attempt(const TransportSettings& s, const Envelope& envelope, const MessageData& message, const Hooks& hooks,
                 const PoolOptions& options, const std::string& key) {
    std::unique_ptr<Session> session;
    if (options.enabled) {
        while ((session = Pool::instance().take(key, options.idle))) {
            session->rebind(hooks);
            if (session->reset()) break;
            if (hooks.note) hooks.note("a pooled connection was closed by the server: opening a new one");
        }
    }
    bool reused = static_cast<bool>(session);
    if (!session) session = std::make_unique<Session>(s, hooks);
    try {
        if (!reused) {
            session->open();
            session->authenticate();
        }
        Pool::instance().pace(key, options.messages_per_second);
        Delivery d = session->transfer(envelope, message);
        d.reused_connection = reused;
        Pool::instance().give(key, std::move(session), options);
        return d;
    } catch (const sdk::BlockFailure& f) {
        session->quitAfter(f.error());
        throw;
    }
}

}  // namespace

Delivery deliver(const TransportSettings& s, const Envelope& envelope, const MessageData& message, const Hooks& hooks,
                 const PoolOptions& pool) {
    using clock = std::chrono::steady_clock;
    const auto started = clock::now();
    const auto budget = s.endpoint.timeout;
    const std::string key = poolKey(s);
    auto backoff = std::chrono::milliseconds(1000);
    for (int attempt_no = 0;; ++attempt_no) {
        try {
            return attempt(s, envelope, message, hooks, pool, key);
        } catch (const sdk::BlockFailure& f) {
            auto resume = clock::now() + backoff;
            if (attempt_no >= s.retries || !retryable(f.error()) || resume - started > budget) throw;
            if (hooks.note)
                hooks.note(fmt::format("{}: {}; retrying in {} s ({} of {})", f.error().kind, f.error().message,
                                       backoff.count() / 1000.0, attempt_no + 1, s.retries));
            while (clock::now() < resume) {
                if (hooks.cancelled && hooks.cancelled()) throw;
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
            backoff *= 2;
        }
    }
}

}  // namespace mailblock::send_email::smtp
