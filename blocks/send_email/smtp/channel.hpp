// The bytes of one SMTP connection: a non-blocking socket (plain, or TLS after STARTTLS or from the first
// byte) read through one bounded line reader and written in full. Every wait is bounded by the deadline in
// force (common/deadline.hpp) and broken off by a cancellation, so a server that trickles, stalls or stops
// reading cannot hold the block beyond it.
#pragma once

#include <Poco/Net/StreamSocket.h>

#include <functional>
#include <stdexcept>
#include <string>

#include "common/deadline.hpp"

namespace mailblock::send_email::smtp {

// The server broke the protocol: a line that is not a reply, an endless line, endless continuations,
// bytes sent before TLS began.
struct ProtocolViolation : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Channel {
public:
    explicit Channel(const Poco::Net::StreamSocket& socket, common::Deadline deadline = common::Deadline());
    ~Channel();
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    void setDeadline(const common::Deadline& d) { deadline_ = d; }
    const common::Deadline& deadline() const { return deadline_; }

    // One line without its line end (CR LF; a bare LF ends a line too, CRs are dropped). Throws
    // ProtocolViolation for a line over `max` octets, Poco::Net::ConnectionResetException at the end of the
    // stream, Poco::TimeoutException at the deadline, common::Cancelled.
    std::string readLine(size_t max);
    // Writes all of it, or throws as readLine does (a server that stops reading is a timeout).
    void write(const char* data, size_t size);
    void write(const std::string& bytes) { write(bytes.data(), bytes.size()); }

    // Switches to TLS (after the server's 220 to STARTTLS): `handshake` turns the plain socket into a TLS one.
    // Bytes the server sent after its 220, before TLS, are refused with a ProtocolViolation: anyone on the path
    // could have injected them (the CVE-2011-0411 class). From then on only the TLS stream is read.
    void upgrade(const std::function<Poco::Net::StreamSocket(const Poco::Net::StreamSocket&)>& handshake);

    // Nothing from the server is waiting, in our buffer, in TLS's or in the socket, and it has not closed the
    // connection: what an idle connection that is still open looks like. One poll(), no waiting.
    bool quiet();

    const Poco::Net::StreamSocket& socket() const { return socket_; }
    // Closes the connection (a TLS close_notify first, without waiting for the peer).
    void close();

private:
    // Some bytes into `buf`, 0 at the end of the stream.
    size_t receive(char* buf, size_t size);

    Poco::Net::StreamSocket socket_;
    common::Deadline deadline_;
    std::string buffer_;  // received, not yet read: buffer_[start_..]
    size_t start_ = 0;
};

}  // namespace mailblock::send_email::smtp
