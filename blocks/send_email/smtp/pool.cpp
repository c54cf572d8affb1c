#include "send_email/smtp/pool.hpp"

#include "common/deadline.hpp"
#include "mailblock/sdk/sha256.hpp"

namespace mailblock::send_email::smtp {

std::string poolKey(const TransportSettings& s) {
    // The secret only as a hash: two diagrams with different passwords never share a connection, and the
    // key itself never holds the password.
    std::string secrets = s.credentials.password;
    secrets += '\0';
    secrets += s.credentials.token;
    const sdk::sha256::Digest secret_hash = sdk::sha256::digest(secrets);
    const auto& e = s.endpoint;
    return e.host + "|" + std::to_string(e.port) + "|" + common::securityName(e.security) + "|" + e.ca_file + "|" +
           (e.accept_untrusted ? "untrusted" : "verified") + "|" + s.ehlo_name + "|" + s.credentials.login + "|" +
           mechanismName(s.auth) + "|" + sdk::sha256::hex(secret_hash);
}

Pool& Pool::instance() {
    static Pool pool;
    return pool;
}

std::unique_ptr<Session> Pool::take(const std::string& key, std::chrono::seconds idle) {
    std::vector<std::unique_ptr<Session>> expired;
    std::unique_ptr<Session> found;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        auto& list = idle_[key];
        auto now = std::chrono::steady_clock::now();
        while (!list.empty() && !found) {
            Idle entry = std::move(list.back());
            list.pop_back();
            if (now - entry.since > idle) expired.push_back(std::move(entry.session));
            else found = std::move(entry.session);
        }
    }
    for (auto& s : expired) s->quit();  // outside the lock: QUIT waits for the server
    return found;
}

void Pool::give(const std::string& key, std::unique_ptr<Session> session, const PoolOptions& options) {
    // The hooks belong to the block run that just ended (they log through its context): an idle session
    // must not keep them, or its QUIT at shutdown would log into a context that no longer exists.
    session->rebind(Hooks{});
    if (!options.enabled || session->messagesSent() >= options.messages_per_connection) {
        session->quit();
        return;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    idle_[key].push_back(Idle{std::move(session), std::chrono::steady_clock::now()});
}

void Pool::pace(const std::string& key, double per_second, const std::function<bool()>& cancelled) {
    if (per_second <= 0) return;
    std::chrono::steady_clock::time_point at;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        auto now = std::chrono::steady_clock::now();
        auto& next = next_send_[key];
        at = std::max(now, next);
        next = at + std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(1.0 / per_second));
    }
    common::Deadline(at - std::chrono::steady_clock::now(), cancelled).sleepUntil(at);
}

Poco::Net::Context::Ptr Pool::tlsContext(const std::string& key, const common::Endpoint& endpoint) {
    const auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = tls_.find(key);
        if (it != tls_.end() && now - it->second.made < kTlsContextAge) return it->second.context;
    }
    // Made outside the lock: loading the CA store takes milliseconds. Two runs racing here make two contexts
    // and keep the last; both work.
    Poco::Net::Context::Ptr context = common::makeTlsContext(endpoint);
    std::lock_guard<std::mutex> lock(mutex_);
    tls_[key] = Tls{context, now};
    return context;
}

void Pool::closeAll() {
    std::map<std::string, std::vector<Idle>> all;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        all.swap(idle_);
        tls_.clear();
    }
    for (auto& [key, list] : all)
        for (auto& entry : list) entry.session->quit();
}

}  // namespace mailblock::send_email::smtp
