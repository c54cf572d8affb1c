// One SMTP conversation over Poco's SMTPClientSession: commands and replies as values, each traced for the
// Detailed log with credentials already hidden by the caller.
#pragma once

#include <Poco/Net/SMTPClientSession.h>

#include <functional>
#include <ostream>
#include <vector>
#include <memory>
#include <stdexcept>
#include <string>

#include "send_email/smtp/smtp_reply.hpp"

namespace mailblock::send_email::smtp {

// Bounds on what a server may send as one reply (RFC 5321 allows 512 octets a line; we allow more).
constexpr size_t kMaxReplyLine = 8192;
constexpr size_t kMaxReplyLines = 200;

// The server broke the protocol: a line that is not a reply, an endless line, endless continuations.
struct ProtocolViolation : std::runtime_error {
    using std::runtime_error::runtime_error;
};

using Trace = std::function<void(const std::string&)>;

// Poco keeps the session's socket protected; we need it for STARTTLS, the data stream and the greeting.
class PocoSession : public Poco::Net::SMTPClientSession {
public:
    using Poco::Net::SMTPClientSession::SMTPClientSession;
    using Poco::Net::SMTPClientSession::socket;
};

class Dialog {
public:
    Dialog(const Poco::Net::StreamSocket& socket, Trace trace);
    ~Dialog();

    // Reads the server's greeting.
    Reply greeting();
    // Sends one command line and reads the reply. `shown` replaces the line in the trace (for AUTH payloads).
    Reply command(const std::string& line, const std::string& shown = {});
    // Sends the message after a 354 reply: `write_message` writes it into a stream that dot-stuffs it and
    // sends it in large chunks; then the final ".". `progress` is told the bytes sent so far.
    void data(const std::function<void(std::ostream&)>& write_message, const std::function<void(uint64_t)>& progress);
    // Sends several command lines in one write (PIPELINING, RFC 2920); their replies are read with reply().
    void pipeline(const std::vector<std::string>& lines);
    void setTrace(Trace trace) { trace_ = std::move(trace); }
    // Reads one reply without sending anything (the reply to the end of data).
    Reply reply();
    // Replaces the transport under the session (after STARTTLS).
    void replaceSocket(const Poco::Net::StreamSocket& socket);
    const Poco::Net::StreamSocket& socket();
    // Sends QUIT and closes, ignoring failures: the message's fate is already known.
    void quit();

private:
    // Reads one reply within the bounds above (Poco 1.11's receiveStatusMessage has none).
    Reply readReply();

    std::unique_ptr<PocoSession> session_;
    Trace trace_;
};

}  // namespace mailblock::send_email::smtp
