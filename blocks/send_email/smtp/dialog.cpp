#include "send_email/smtp/dialog.hpp"

#include <Poco/Net/DialogSocket.h>
#include <Poco/Net/NetException.h>

namespace mailblock::send_email::smtp {

Dialog::Dialog(const Poco::Net::StreamSocket& socket, Trace trace)
    : session_(std::make_unique<PocoSession>(socket)), trace_(std::move(trace)) {}

Dialog::~Dialog() = default;

namespace {
void traceReply(const Trace& trace, const Reply& r) {
    if (trace) trace("S: " + r.summary());
}
}  // namespace

namespace {
// Poco reports a closed connection as status 0 with no text; that is a lost connection, not a reply.
Reply checked(int status, const std::string& response) {
    if (status <= 0) throw Poco::Net::ConnectionResetException("the server closed the connection");
    return parseReply(status, response);
}
}  // namespace

Reply Dialog::reply() {
    std::string response;
    int status = session_->socket().receiveStatusMessage(response);
    Reply r = checked(status, response);
    traceReply(trace_, r);
    return r;
}

Reply Dialog::greeting() { return reply(); }

Reply Dialog::command(const std::string& line, const std::string& shown) {
    if (trace_) trace_("C: " + (shown.empty() ? line : shown));
    std::string response;
    int status = session_->sendCommand(line, response);
    Reply r = checked(status, response);
    traceReply(trace_, r);
    return r;
}

void Dialog::data(const std::string& message, const std::function<void(uint64_t)>& progress) {
    if (trace_) trace_("C: <message, " + std::to_string(message.size()) + " bytes>");
    // Dot-stuffing (RFC 5321 4.5.2): a line that starts with "." gets one more. The message is CRLF-only,
    // so a line start is the beginning or the byte after "\r\n". Written in large chunks, not line by line.
    constexpr size_t kChunk = 64 * 1024;
    std::string out;
    out.reserve(kChunk + 1024);
    Poco::Net::StreamSocket& sock = session_->socket();
    auto flush = [&](uint64_t done) {
        size_t sent = 0;
        while (sent < out.size()) sent += static_cast<size_t>(sock.sendBytes(out.data() + sent, static_cast<int>(out.size() - sent)));
        out.clear();
        if (progress) progress(done);
    };
    bool line_start = true;
    for (size_t i = 0; i < message.size(); ++i) {
        char c = message[i];
        if (line_start && c == '.') out += '.';
        out += c;
        line_start = (c == '\n' && i > 0 && message[i - 1] == '\r');
        if (out.size() >= kChunk) flush(i + 1);
    }
    if (!line_start) out += "\r\n";
    out += ".\r\n";
    flush(message.size());
}

void Dialog::replaceSocket(const Poco::Net::StreamSocket& socket) { session_->socket() = socket; }

const Poco::Net::StreamSocket& Dialog::socket() { return session_->socket(); }

void Dialog::quit() {
    try {
        command("QUIT");
    } catch (...) {
    }
    try {
        session_->socket().close();
    } catch (...) {
    }
}

}  // namespace mailblock::send_email::smtp
