// SMTP replies as a server sends them: the bounded reply reader of Dialog (blocks/send_email/smtp/dialog.hpp)
// reading the input from a socket, replies parsed into code / enhanced status / text (smtp_reply.hpp), and EHLO
// capabilities (text always valid UTF-8). The input is the server's whole byte stream; the reader must end it with a reply or one of its
// documented errors, never overrun a bound.
#include <Poco/Exception.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/StreamSocketImpl.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "send_email/smtp/dialog.hpp"
#include "mailblock/sdk/utf8.hpp"
#include "send_email/smtp/smtp_reply.hpp"

using namespace mailblock::send_email::smtp;
using mailblock::fuzz::printable;

namespace {

// Bigger inputs are cut here: they fit in a local socket's buffer, so one thread can write them all first.
constexpr size_t kMaxStream = 64 * 1024;

// A StreamSocket over one end of a socketpair (StreamSocket's constructor from an implementation is protected).
class PairSocket : public Poco::Net::StreamSocket {
public:
    explicit PairSocket(int fd) : Poco::Net::StreamSocket(new Poco::Net::StreamSocketImpl(fd)) {}
};

bool enhancedWellFormed(const std::string& e) {
    // class.subject.detail: 2/4/5, then 1-3 digits, then 1-3 digits.
    if (e.size() < 5 || (e[0] != '2' && e[0] != '4' && e[0] != '5') || e[1] != '.') return false;
    size_t dot = e.find('.', 2);
    if (dot == std::string::npos || dot == 2 || dot > 5) return false;
    size_t detail = e.size() - dot - 1;
    if (detail == 0 || detail > 3) return false;
    return std::all_of(e.begin() + 2, e.end(), [](char c) { return c == '.' || std::isdigit(static_cast<unsigned char>(c)); }) &&
           std::count(e.begin(), e.end(), '.') == 2;
}

void checkReply(const Reply& r, const std::string& where) {
    FUZZ_CHECK(r.enhanced.empty() || enhancedWellFormed(r.enhanced), where + "\nenhanced: " + printable(r.enhanced));
    std::string summary = r.summary();
    FUZZ_CHECK(summary.find('\n') == std::string::npos, where);
    // Whatever bytes the server sent, its text reaches outputs and logs as valid UTF-8.
    FUZZ_CHECK(mailblock::sdk::utf8::firstInvalid(r.text) == std::string::npos, where + "\ntext: " + printable(r.text));
    FUZZ_CHECK(summary.rfind(std::to_string(r.code), 0) == 0, where);
    Capabilities caps = parseCapabilities(r);
    for (size_t i = 0; i < caps.auth.size(); ++i) {
        const std::string& m = caps.auth[i];
        FUZZ_CHECK(std::none_of(m.begin(), m.end(), [](char c) { return c >= 'a' && c <= 'z'; }), where + "\nmechanism: " + printable(m));
        FUZZ_CHECK(caps.offersAuth(m), where);
        FUZZ_CHECK(std::find(caps.auth.begin(), caps.auth.begin() + static_cast<long>(i), m) == caps.auth.begin() + static_cast<long>(i), where);
    }
}

// Reads replies off the stream until it ends; returns how many were read.
size_t readAll(const std::string& stream) {
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) return 0;
    size_t written = 0;
    fcntl(fds[1], F_SETFL, O_NONBLOCK);
    while (written < stream.size()) {
        ssize_t n = ::write(fds[1], stream.data() + written, stream.size() - written);
        if (n <= 0) break;
        written += static_cast<size_t>(n);
    }
    ::close(fds[1]);  // the server is done: the reader sees the end after the bytes
    if (written < stream.size()) {  // the socket buffer is smaller than expected: nothing to learn here
        ::close(fds[0]);
        return 0;
    }
    Dialog dialog(PairSocket(fds[0]), [](const std::string&) {});
    size_t replies = 0;
    std::string where = "stream: " + printable(stream);
    while (true) {
        try {
            Reply r = dialog.reply();
            ++replies;
            FUZZ_CHECK(r.code >= 0 && r.code <= 999, where);
            size_t lines = static_cast<size_t>(std::count(r.text.begin(), r.text.end(), '\n')) + 1;
            FUZZ_CHECK(lines <= kMaxReplyLines, where);
            FUZZ_CHECK(r.text.size() <= kMaxReplyLines * (kMaxReplyLine + 1), where);
            checkReply(r, where);
        } catch (const ProtocolViolation&) {
            break;
        } catch (const Poco::Exception&) {  // the end of the stream: ConnectionResetException
            break;
        }
    }
    return replies;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string stream(reinterpret_cast<const char*>(data), std::min(size, kMaxStream));
    // parseReply alone, as Poco's sendCommand path hands it the lines it read, with a status from the text.
    int status = 250;
    if (stream.size() >= 3 && std::all_of(stream.begin(), stream.begin() + 3, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        status = std::stoi(stream.substr(0, 3));
    checkReply(parseReply(status, stream), "lines: " + printable(stream));
    readAll(stream);
    return 0;
}
