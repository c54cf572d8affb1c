#include "send_email/smtp/transport.hpp"

#include <Poco/Net/DNS.h>
#include <Poco/Net/HostEntry.h>

#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "common/i18n.hpp"
#include "send_email/smtp/pool.hpp"
#include "send_email/smtp/session.hpp"
#include "send_email/smtp/stop_errors.hpp"

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

const char* statusName(RecipientStatus s) {
    switch (s) {
        case RecipientStatus::Pending: return "pending";
        case RecipientStatus::Accepted: return "accepted";
        case RecipientStatus::Refused: return "refused";
        case RecipientStatus::Deferred: return "deferred";
        case RecipientStatus::Unknown: return "unknown";
        case RecipientStatus::NotSent: return "not_sent";
    }
    return "?";
}

bool retryable(const sdk::BlockError& e) {
    // Up to and during the data the final dot has not gone out whole, so the server cannot have taken the message.
    static const char* before_end_of_data[] = {"connect", "tls", "greeting", "ehlo", "auth", "mail", "rcpt", "data"};
    bool early = false;
    for (const char* st : before_end_of_data) early = early || e.stage == st;
    if (e.kind == "connect_refused" || e.kind == "server_busy") return true;
    if ((e.kind == "timeout" || e.kind == "connection_lost") && early) return true;
    // A definite 4xx reply, also to DATA or to the end of data: the server did not take the message (RFC 5321
    // 4.2.5: a 4xx there means the transaction failed and may be repeated).
    return e.code >= 400 && e.code < 500;
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

void MessageData::writeTo(std::streambuf& out) const {
    if (!generate && path.empty()) {  // in memory (a mailing's message): no stream to set up
        out.sputn(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return;
    }
    std::ostream stream(&out);
    stream.exceptions(std::ios::badbit);  // a failed send inside the buffer must surface, not be swallowed
    writeTo(stream);
}

namespace {

using Clock = std::chrono::steady_clock;

std::vector<RecipientResult*> pending(Delivery& d) {
    std::vector<RecipientResult*> out;
    for (auto& r : d.recipients)
        if (r.status == RecipientStatus::Pending) out.push_back(&r);
    return out;
}

// One delivery's run through its attempts: the session it holds, the recipients' fates so far.
class Run {
public:
    Run(const TransportSettings& s, const Envelope& env, const MessageData& message, const Hooks& hooks,
        const PoolOptions& pool)
        : s_(s), env_(env), message_(message), hooks_(hooks), pool_(pool), key_(poolKey(s)), where_{&s.endpoint, hooks.lang} {
        for (const auto& address : env.recipients) {
            d_.recipients.emplace_back();
            d_.recipients.back().address = address;
        }
    }

    Delivery deliver();

private:
    // One attempt: returns nullopt once every recipient is accepted or refused for good, else why some are not
    // (a 4xx for them). Throws BlockFailure when the session failed (it is dropped then).
    std::optional<sdk::BlockError> attempt();
    // A live session: the one kept from the last attempt, a pooled one, or a new one (Session::reset checks the
    // first two; a dead one is replaced before MAIL FROM, which cannot send anything twice).
    void connect();
    // A new connection, signed in.
    void open();
    // Applies one transaction's outcome; true when some recipient got the message.
    bool settle(const std::vector<RecipientResult*>& batch, const Reply& final_reply);
    // After the last attempt: the recipients without a fate, and the error if nobody got the message.
    Delivery finish(std::optional<sdk::BlockError> failure);

    const TransportSettings& s_;
    const Envelope& env_;
    const MessageData& message_;
    const Hooks& hooks_;
    const PoolOptions& pool_;
    const std::string key_;
    const Where where_;
    Delivery d_;
    std::unique_ptr<Session> session_;
    bool first_session_ = true;
};

void Run::connect() {
    if (session_) {
        session_->rebind(hooks_);
        if (session_->reset()) return;
        session_.reset();
    }
    bool reused = false;
    if (pool_.enabled) {
        while ((session_ = Pool::instance().take(key_, pool_.idle))) {
            session_->rebind(hooks_);
            if (session_->reset()) break;
            if (hooks_.note) hooks_.note("a pooled connection was closed by the server: opening a new one");
        }
        reused = static_cast<bool>(session_);
    }
    if (!session_) open();
    if (first_session_) d_.reused_connection = reused;
    first_session_ = false;
    d_.mechanism = session_->mechanism();
    d_.encrypted = session_->encrypted();
}

void Run::open() {
    session_ = std::make_unique<Session>(s_, hooks_, [this] { return Pool::instance().tlsContext(key_, s_.endpoint); });
    session_->open();
    session_->authenticate();
}

bool Run::settle(const std::vector<RecipientResult*>& batch, const Reply& final_reply) {
    const int index = static_cast<int>(d_.transactions.size());
    if (final_reply.code) d_.transactions.push_back(final_reply);
    if (final_reply.positive() && d_.final_reply.code == 0) d_.final_reply = final_reply;
    bool taken = false;
    for (auto* r : batch) {
        if (!r->reply.positive()) {
            if (!r->reply.transient()) r->status = RecipientStatus::Refused;
            continue;  // a 4xx: still pending
        }
        r->reply = final_reply;
        r->stage = stageName(Stage::EndOfData);
        if (final_reply.positive()) {
            r->status = RecipientStatus::Accepted;
            r->transaction = index;
            taken = true;
        } else if (!final_reply.transient()) {
            r->status = RecipientStatus::Refused;
        }
    }
    return taken;
}

std::optional<sdk::BlockError> Run::attempt() {
    connect();
    while (true) {
        std::vector<RecipientResult*> batch = pending(d_);
        if (batch.empty()) return std::nullopt;
        try {
            Pool::instance().pace(key_, pool_.messages_per_second, hooks_.cancelled);
        } catch (const common::Cancelled&) {
            throw sdk::BlockFailure(cancelledError(Stage::Mail, where_));
        }
        Reply final_reply;
        try {
            final_reply = session_->transaction(env_, batch, message_);
        } catch (const sdk::BlockFailure& f) {
            if (session_->unprobed() && f.error().kind == "connection_lost" && f.error().stage == stageName(Stage::Mail)) {
                // A kept connection that the server closed while idle, found only at MAIL (no RSET probed it):
                // the server got nothing of this message, so a new connection takes it at once, as after a
                // failed RSET.
                if (hooks_.note) hooks_.note("a pooled connection was closed by the server: opening a new one");
                session_.reset();
                first_session_ = true;  // Delivery::reused_connection tells of the connection that sends
                connect();
                continue;
            }
            if (f.error().kind == "unknown_outcome")  // handed over, reply lost: never again for these
                for (auto* r : batch)
                    if (r->reply.positive()) r->status = RecipientStatus::Unknown;
            throw;
        }
        // Some taken and some left with a 4xx ("452 too many recipients", RFC 5321 4.5.3.1.10): the rest go in
        // the next transaction at once. A transaction that took nobody waits for a retry.
        if (settle(batch, final_reply)) continue;
        if (final_reply.code == 421) session_.reset();  // the server is closing the connection
        for (auto* r : batch)
            if (r->status == RecipientStatus::Pending)
                return replyError(r->stage == stageName(Stage::EndOfData) ? Stage::EndOfData : Stage::Rcpt, r->reply, where_);
        return std::nullopt;
    }
}

Delivery Run::deliver() {
    auto backoff = std::chrono::milliseconds(1000);
    for (int attempt_no = 0;; ++attempt_no) {
        std::optional<sdk::BlockError> failure;
        try {
            if (session_) session_->arm();
            failure = attempt();
        } catch (const sdk::BlockFailure& f) {
            failure = f.error();
            if (session_) session_->quitAfter(f.error());
            session_.reset();
        }
        if (!failure) return finish(std::nullopt);
        if (attempt_no >= s_.retries || !retryable(*failure)) return finish(failure);
        if (hooks_.note)
            hooks_.note(fmt::format("{}: {}; retrying in {} s ({} of {})", failure->kind, failure->message,
                                    backoff.count() / 1000.0, attempt_no + 1, s_.retries));
        try {
            common::Deadline(backoff, hooks_.cancelled).sleepUntil(Clock::now() + backoff);
        } catch (const common::Cancelled&) {
            return finish(cancelledError(Stage::Connect, where_));
        }
        backoff *= 2;
    }
}

Delivery Run::finish(std::optional<sdk::BlockError> failure) {
    bool any = false;
    for (auto& r : d_.recipients) {
        if (r.status == RecipientStatus::Pending)
            r.status = r.reply.transient() ? RecipientStatus::Deferred : RecipientStatus::NotSent;
        any = any || r.accepted();
    }
    if (session_) Pool::instance().give(key_, std::move(session_), pool_);
    if (!any) {
        if (failure) throw sdk::BlockFailure(*failure);
        // Every recipient refused for good: the first refusal says why.
        const RecipientResult& first = d_.recipients.front();
        throw sdk::BlockFailure(replyError(first.stage == stageName(Stage::EndOfData) ? Stage::EndOfData : Stage::Rcpt,
                                           first.reply, where_));
    }
    d_.stopped = failure;
    return d_;
}

}  // namespace

Delivery deliver(const TransportSettings& s, const Envelope& envelope, const MessageData& message, const Hooks& hooks,
                 const PoolOptions& pool) {
    return Run(s, envelope, message, hooks, pool).deliver();
}

}  // namespace mailblock::send_email::smtp
