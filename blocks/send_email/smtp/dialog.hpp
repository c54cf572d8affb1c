// One SMTP conversation over a Channel: commands and replies as values, each traced for the Detailed log with
// credentials already hidden by the caller.
#pragma once

#include <Poco/Net/StreamSocket.h>

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "send_email/smtp/channel.hpp"
#include "send_email/smtp/smtp_reply.hpp"

namespace mailblock::send_email::smtp {

// Bounds on what a server may send as one reply (RFC 5321 allows 512 octets a line; we allow more).
constexpr size_t kMaxReplyLine = 8192;
constexpr size_t kMaxReplyLines = 200;

using Trace = std::function<void(const std::string&)>;

class Dialog {
public:
    Dialog(const Poco::Net::StreamSocket& socket, Trace trace, common::Deadline deadline = common::Deadline());

    // Reads the server's greeting.
    Reply greeting();
    // Sends one command line and reads the reply. `shown` replaces the line in the trace (for AUTH payloads).
    Reply command(const std::string& line, const std::string& shown = {});
    // Sends the message after a 354 reply: `write_message` writes it into a stream that dot-stuffs it and
    // sends it in large chunks, the last one with the final "." (a small message is one write). `progress` is
    // told the bytes sent so far.
    // Sends a message's data and its final dot; `size` is what write_message will write (0: unknown).
    void data(const std::function<void(std::streambuf&)>& write_message, uint64_t size,
              const std::function<void(uint64_t)>& progress);
    // Sends several command lines in one write (PIPELINING, RFC 2920); their replies are read with reply().
    void pipeline(const std::vector<std::string>& lines);
    void setTrace(Trace trace) { trace_ = std::move(trace); }
    // Reads one reply without sending anything (the reply to the end of data).
    Reply reply();
    // The connection under the dialog: its deadline, STARTTLS.
    Channel& channel() { return channel_; }
    // Sends QUIT and closes, waiting at most about a second for the reply: the message's fate is already known.
    void quit();

private:
    // Reads one reply within the bounds above.
    Reply readReply();

    Channel channel_;
    Trace trace_;
};

}  // namespace mailblock::send_email::smtp
