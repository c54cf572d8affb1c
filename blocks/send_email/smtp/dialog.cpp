#include "send_email/smtp/dialog.hpp"

#include "send_email/smtp/dot_stuffing.hpp"

#include <Poco/Net/DialogSocket.h>
#include <Poco/Net/NetException.h>

#include <cctype>
#include <cstring>

namespace mailblock::send_email::smtp {

Dialog::Dialog(const Poco::Net::StreamSocket& socket, Trace trace)
    : session_(std::make_unique<PocoSession>(socket)), trace_(std::move(trace)) {}

Dialog::~Dialog() = default;

namespace {
void traceReply(const Trace& trace, const Reply& r) {
    if (trace) trace("S: " + r.summary());
}
}  // namespace

Reply Dialog::readReply() {
    Poco::Net::DialogSocket& sock = session_->socket();
    std::string text;
    for (size_t count = 0;; ++count) {
        if (count == kMaxReplyLines) throw ProtocolViolation("the server sent more than 200 reply lines");
        std::string line;
        while (true) {
            int ch = sock.get();
            if (ch == std::char_traits<char>::eof()) {
                if (count == 0 && line.empty()) throw Poco::Net::ConnectionResetException("the server closed the connection");
                throw Poco::Net::ConnectionResetException("the server closed the connection in the middle of a reply");
            }
            if (ch == '\n') break;
            if (ch == '\r') continue;
            if (line.size() == kMaxReplyLine) throw ProtocolViolation("the server sent a reply line longer than 8 KB");
            line += static_cast<char>(ch);
        }
        bool coded = line.size() >= 3 && std::isdigit(static_cast<unsigned char>(line[0])) &&
                     std::isdigit(static_cast<unsigned char>(line[1])) && std::isdigit(static_cast<unsigned char>(line[2])) &&
                     (line.size() == 3 || line[3] == ' ' || line[3] == '-');
        if (!coded) throw ProtocolViolation("the server sent a line that is not an SMTP reply: \"" + line.substr(0, 80) + "\"");
        if (count > 0 && line.compare(0, 3, text, 0, 3) != 0)
            throw ProtocolViolation("the server changed the reply code inside one reply");
        text += (count ? "\n" : "") + line;
        if (line.size() == 3 || line[3] == ' ') return parseReply(std::stoi(line.substr(0, 3)), text);
    }
}

Reply Dialog::reply() {
    Reply r = readReply();
    traceReply(trace_, r);
    return r;
}

Reply Dialog::greeting() { return reply(); }

Reply Dialog::command(const std::string& line, const std::string& shown) {
    if (trace_) trace_("C: " + (shown.empty() ? line : shown));
    session_->socket().sendMessage(line);
    return reply();
}

void Dialog::data(const std::function<void(std::ostream&)>& write_message, const std::function<void(uint64_t)>& progress) {
    Poco::Net::StreamSocket& sock = session_->socket();
    DotStuffingBuf buf(
        [&](const char* p, size_t n) {
            for (size_t sent = 0; sent < n;) sent += static_cast<size_t>(sock.sendBytes(p + sent, static_cast<int>(n - sent)));
        },
        progress);
    std::ostream out(&buf);
    out.exceptions(std::ios::badbit);  // a failed send inside the buffer must surface, not be swallowed
    write_message(out);
    out.flush();
    buf.finish();
    if (trace_) trace_("C: <message, " + std::to_string(buf.total()) + " bytes>");
}

void Dialog::pipeline(const std::vector<std::string>& lines) {
    std::string batch;
    for (const auto& l : lines) {
        if (trace_) trace_("C: " + l);
        batch += l + "\r\n";
    }
    session_->socket().sendBytes(batch.data(), static_cast<int>(batch.size()));
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
