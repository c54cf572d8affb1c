// Hands one message (an envelope and its bytes) to an SMTP server. Knows nothing of MIME.
#pragma once

#include <chrono>
#include <functional>
#include <ostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/connection.hpp"
#include "mailblock/sdk/error.hpp"
#include "send_email/smtp/auth.hpp"
#include "send_email/smtp/smtp_reply.hpp"

namespace mailblock::send_email::smtp {

struct TransportSettings {
    common::Endpoint endpoint;
    AuthMethod auth = AuthMethod::Auto;
    Credentials credentials;         // empty login: no authentication
    bool allow_insecure_auth = false;  // credentials over an unencrypted connection
    std::string ehlo_name;           // empty: this machine's fully qualified name, or an address literal
    int retries = 2;                 // extra attempts after a transient failure before the message is handed over
};

// Delivery status notifications asked for (RFC 3461), sent only to a server that offers DSN.
struct DsnRequest {
    std::string notify;  // "" (the server's default), "NEVER", or some of "SUCCESS,FAILURE,DELAY"
    std::string ret;     // "HDRS" or "FULL"; "" leaves it to the server
    std::string envid;   // our Message-ID: the report names it (Original-Envelope-Id)
};

struct Envelope {
    std::string from;
    std::vector<std::string> recipients;  // To, Cc and Bcc, each once
    // An address in the envelope or the headers has UTF-8 before its @ (RFC 6531): MAIL FROM then carries
    // SMTPUTF8, and a server that does not offer it gets nothing.
    bool smtputf8 = false;
    DsnRequest dsn;
};

// The bytes to send: in memory, in a spool file, or written on the fly by `generate` (a big message nobody
// needs to keep: memory and disk stay constant). `size` is exact in all three forms.
struct MessageData {
    std::string bytes;
    std::string path;
    std::function<void(std::ostream&)> generate;
    uint64_t size = 0;
    // Writes the message into `out`. Throws std::runtime_error if the spool file is gone.
    void writeTo(std::ostream& out) const;
    // The same into a stream buffer; an exception of the buffer (a failed send) comes out of this call.
    void writeTo(std::streambuf& out) const;
};

// Connection reuse across block runs in one process (see pool.hpp).
struct PoolOptions {
    bool enabled = true;
    std::chrono::seconds idle{30};  // an unused connection is closed after this
    int messages_per_connection = 100;
    double messages_per_second = 0;  // 0: no limit
};

// What became of one recipient. Pending only while the delivery runs.
enum class RecipientStatus {
    Pending,
    Accepted,  // a server took the message for it (in `transaction`)
    Refused,   // refused for good (5xx)
    Deferred,  // refused for now (4xx) until the retries and the time ran out
    Unknown,   // the message was handed over but the reply to it was lost: never resent
    NotSent,   // never offered: the delivery stopped before (the reason is Delivery::stopped)
};
const char* statusName(RecipientStatus s);  // "accepted", "refused", "deferred", "unknown", "not_sent", "pending"

struct RecipientResult {
    std::string address;
    RecipientStatus status = RecipientStatus::Pending;
    Reply reply;            // the last answer about it: to its RCPT, or to the end of data
    std::string stage;      // the stage of that answer: "rcpt" or "end_of_data"
    int transaction = -1;   // index into Delivery::transactions of the one that took it
    bool accepted() const { return status == RecipientStatus::Accepted; }
};

struct Delivery {
    std::vector<RecipientResult> recipients;  // every recipient, in the envelope's order
    std::vector<Reply> transactions;          // the reply to each end of data (holds the queue id), in order
    Reply final_reply;  // the first transaction that was taken
    std::string mechanism;  // the AUTH mechanism used, empty without authentication
    bool encrypted = false;
    bool reused_connection = false;  // sent over a pooled connection
    // Why some recipient is neither accepted nor refused for good (set only then).
    std::optional<sdk::BlockError> stopped;
};

struct Hooks {
    std::function<void(const std::string&)> trace;  // the dialog, credentials hidden (Detailed)
    std::function<void(const std::string&)> note;   // main facts (Debug)
    std::function<void(const std::string&)> warn;   // risks the user chose (Debug, marked as a warning)
    std::function<void(uint64_t done, uint64_t total)> progress;
    std::function<bool()> cancelled;
    // A stage finished: its name ("connect", "tls", "greeting", "ehlo", "auth"), milliseconds, detail.
    std::function<void(const std::string&, long long, const std::string&)> stage;
    std::string lang = "ru";
};

// Hands the message over for every recipient it can. Throws sdk::BlockFailure with the kind, stage and server
// reply when no recipient got it; otherwise returns each recipient's fate (some may be refused, deferred or
// unknown: then Delivery::stopped says why). A server that takes only some recipients in one transaction
// (452 "too many recipients", RFC 5321 4.5.3.1.10) gets the rest in further transactions on the same connection.
// Transient failures before the message is handed over (refused connection, 421, 4xx before or in reply to the
// end of data, timeouts and lost connections before DATA, 4xx for some recipients) are retried s.retries times
// with backoff, each attempt within its own s.endpoint.timeout; once the end of data is sent without a reply,
// nothing is sent again.
Delivery deliver(const TransportSettings& s, const Envelope& envelope, const MessageData& message, const Hooks& hooks,
                 const PoolOptions& pool);

// Whether a failure may be retried without any risk of sending the message twice.
bool retryable(const sdk::BlockError& e);

// The name we greet with: the given one, else the machine's FQDN, else "[local address]" (RFC 5321 4.1.3).
std::string ehloName(const std::string& configured, const Poco::Net::StreamSocket& socket);

}  // namespace mailblock::send_email::smtp
