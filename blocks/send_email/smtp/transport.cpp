#include "send_email/smtp/transport.hpp"

#include <Poco/Net/DNS.h>
#include <Poco/Net/HostEntry.h>

#include <fmt/format.h>

#include <chrono>
#include <thread>

#include "common/i18n.hpp"
#include "send_email/smtp/session.hpp"

namespace mailblock::send_email::smtp {

using common::Security;
using common::tr;

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

Delivery deliver(const TransportSettings& s, const Envelope& envelope, const std::string& message, const Hooks& hooks) {
    using clock = std::chrono::steady_clock;
    const auto started = clock::now();
    const auto budget = s.endpoint.timeout;
    auto backoff = std::chrono::milliseconds(1000);
    for (int attempt = 0;; ++attempt) {
        try {
            return Session(s, hooks).run(envelope, message);
        } catch (const sdk::BlockFailure& f) {
            auto resume = clock::now() + backoff;
            if (attempt >= s.retries || !retryable(f.error()) || resume - started > budget) throw;
            if (hooks.note)
                hooks.note(fmt::format("{}: {}; retrying in {} s ({} of {})", f.error().kind, f.error().message,
                                       backoff.count() / 1000.0, attempt + 1, s.retries));
            while (clock::now() < resume) {
                if (hooks.cancelled && hooks.cancelled()) throw;
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
            backoff *= 2;
        }
    }
}

}  // namespace mailblock::send_email::smtp
