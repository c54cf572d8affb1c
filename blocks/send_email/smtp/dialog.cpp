#include "send_email/smtp/dialog.hpp"

#include "send_email/smtp/dot_stuffing.hpp"

#include <cctype>

namespace mailblock::send_email::smtp {

Dialog::Dialog(const Poco::Net::StreamSocket& socket, Trace trace, common::Deadline deadline)
    : channel_(socket, std::move(deadline)), trace_(std::move(trace)) {}

namespace {
void traceReply(const Trace& trace, const Reply& r) {
    if (trace) trace("S: " + r.summary());
}

bool coded(const std::string& line) {
    return line.size() >= 3 && std::isdigit(static_cast<unsigned char>(line[0])) &&
           std::isdigit(static_cast<unsigned char>(line[1])) && std::isdigit(static_cast<unsigned char>(line[2])) &&
           (line.size() == 3 || line[3] == ' ' || line[3] == '-');
}
}  // namespace

Reply Dialog::readReply() {
    std::string text;
    for (size_t count = 0;; ++count) {
        if (count == kMaxReplyLines) throw ProtocolViolation("the server sent more than 200 reply lines");
        std::string line = channel_.readLine(kMaxReplyLine);
        if (!coded(line)) throw ProtocolViolation("the server sent a line that is not an SMTP reply: \"" + line.substr(0, 80) + "\"");
        if (count > 0 && line.compare(0, 3, text, 0, 3) != 0)
            throw ProtocolViolation("the server changed the reply code inside one reply");
        if (count) text += '\n';
        text += line;
        if (line.size() == 3 || line[3] == ' ')  // the last line; its three digits are the code (coded() checked)
            return parseReply((line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0'), text);
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
    channel_.write(line + "\r\n");
    return reply();
}

void Dialog::data(const std::function<void(std::streambuf&)>& write_message, uint64_t size,
                  const std::function<void(uint64_t)>& progress) {
    DotStuffingBuf buf([&](const char* p, size_t n) { channel_.write(p, n); }, progress, size_t{256} * 1024, size);
    write_message(buf);
    buf.finish();  // the rest of the message and the final "." in one write (no flush before it)
    if (trace_) trace_("C: <message, " + std::to_string(buf.total()) + " bytes>");
}

void Dialog::pipeline(const std::vector<std::string>& lines) {
    std::string batch;
    for (const auto& l : lines) {
        if (trace_) trace_("C: " + l);
        batch += l + "\r\n";
    }
    channel_.write(batch);
}

void Dialog::quit() {
    try {
        channel_.setDeadline(channel_.deadline().renewed(std::chrono::seconds(1)));
        command("QUIT");
    } catch (...) {
    }
    channel_.close();
}

}  // namespace mailblock::send_email::smtp
