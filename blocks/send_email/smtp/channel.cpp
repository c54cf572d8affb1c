#include "send_email/smtp/channel.hpp"

#include <Poco/Net/NetException.h>
#include <Poco/Net/SecureStreamSocket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <algorithm>
#include <cerrno>
#include <csignal>

#include "common/dial.hpp"

namespace mailblock::send_email::smtp {

namespace {

constexpr size_t kReadChunk = 4096;

// OpenSSL writes with send() without MSG_NOSIGNAL: writing to a peer that has gone raises SIGPIPE, whose default
// action ends the whole process (the engine). The signal is held off for this thread only while TLS writes,
// and a SIGPIPE it caused is taken back; no process-wide handler is touched.
class HoldSigpipe {
public:
    HoldSigpipe() {
        sigemptyset(&pipe_);
        sigaddset(&pipe_, SIGPIPE);
        sigset_t pending;
        sigpending(&pending);
        was_pending_ = sigismember(&pending, SIGPIPE) == 1;
        pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
    }
    ~HoldSigpipe() {
        sigset_t pending;
        sigpending(&pending);
        if (!was_pending_ && sigismember(&pending, SIGPIPE) == 1) {
            timespec none{0, 0};
            sigtimedwait(&pipe_, nullptr, &none);
        }
        pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    }
    HoldSigpipe(const HoldSigpipe&) = delete;
    HoldSigpipe& operator=(const HoldSigpipe&) = delete;

private:
    sigset_t pipe_;
    sigset_t old_;
    bool was_pending_ = false;
};

bool wouldBlock(int error) { return error == EAGAIN || error == EWOULDBLOCK; }

}  // namespace

Channel::Channel(const Poco::Net::StreamSocket& socket, common::Deadline deadline)
    : socket_(socket), deadline_(std::move(deadline)) {
    // A TLS socket comes non-blocking from the handshake (the flag that counts is its plain socket's).
    if (!socket_.secure()) socket_.setBlocking(false);
}

Channel::~Channel() { close(); }

size_t Channel::receive(char* buf, size_t size) {
    while (true) {
        deadline_.check("waiting for the server's reply");
        if (socket_.secure()) {
            int rc = socket_.receiveBytes(buf, static_cast<int>(size));
            if (rc >= 0) return static_cast<size_t>(rc);
            // A TLS 1.3 server writes its session tickets and its next reply separately; with Nagle on its side
            // the reply waits for our ACK of the tickets, which Linux delays ~40 ms (measured: 45 ms at the EHLO
            // after STARTTLS, on every new connection to Postfix). Acknowledge at once while we wait for a reply.
            const int one = 1;
            ::setsockopt(socket_.impl()->sockfd(), IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
            deadline_.wait(socket_, rc == Poco::Net::SecureStreamSocket::ERR_SSL_WANT_WRITE,
                           "waiting for the server's reply");
            continue;
        }
        ssize_t rc = ::recv(socket_.impl()->sockfd(), buf, size, 0);
        if (rc >= 0) return static_cast<size_t>(rc);
        if (errno == EINTR) continue;
        if (!wouldBlock(errno)) common::throwSocketError(errno, "receive");
        deadline_.wait(socket_, false, "waiting for the server's reply");
    }
}

std::string Channel::readLine(size_t max) {
    size_t scanned = start_;
    while (true) {
        size_t nl = buffer_.find('\n', scanned);
        size_t end = nl == std::string::npos ? buffer_.size() : nl;
        size_t length = end - start_;
        if (end > start_ && buffer_[end - 1] == '\r') --length;
        if (length > max)
            throw ProtocolViolation("the server sent a reply line longer than " + std::to_string(max / 1024) + " KB");
        if (nl != std::string::npos) {
            std::string line(buffer_, start_, nl - start_);
            line.erase(std::remove(line.begin(), line.end(), '\r'), line.end());  // a bare CR inside too
            start_ = nl + 1;
            if (start_ == buffer_.size()) {
                buffer_.clear();
                start_ = 0;
            }
            return line;
        }
        scanned = buffer_.size();
        char chunk[kReadChunk];
        size_t got = receive(chunk, sizeof chunk);
        if (got == 0)
            throw Poco::Net::ConnectionResetException(
                start_ == buffer_.size() ? "the server closed the connection"
                                         : "the server closed the connection in the middle of a reply");
        if (start_ > 0) {
            buffer_.erase(0, start_);
            scanned -= start_;
            start_ = 0;
        }
        buffer_.append(chunk, got);
    }
}

void Channel::write(const char* data, size_t size) {
    size_t sent = 0;
    while (sent < size) {
        deadline_.check("sending to the server");
        const int chunk = static_cast<int>(std::min<size_t>(size - sent, size_t{1} << 30));
        if (socket_.secure()) {
            HoldSigpipe hold;
            int rc = socket_.sendBytes(data + sent, chunk);
            if (rc > 0)
                sent += static_cast<size_t>(rc);
            else
                deadline_.wait(socket_, rc != Poco::Net::SecureStreamSocket::ERR_SSL_WANT_READ,
                               "sending to the server");
            continue;
        }
        ssize_t rc = ::send(socket_.impl()->sockfd(), data + sent, static_cast<size_t>(chunk), MSG_NOSIGNAL);
        if (rc >= 0) {
            sent += static_cast<size_t>(rc);
            continue;
        }
        if (errno == EINTR) continue;
        if (!wouldBlock(errno)) common::throwSocketError(errno, "send");
        deadline_.wait(socket_, true, "sending to the server");
    }
}

bool Channel::quiet() {
    if (start_ < buffer_.size()) return false;
    try {
        if (socket_.secure() && socket_.available() > 0) return false;  // decrypted bytes held by TLS
        pollfd p{socket_.impl()->sockfd(), POLLIN, 0};
        return ::poll(&p, 1, 0) == 0;  // readable, closed (POLLHUP) or failed (POLLERR): not quiet
    } catch (const std::exception&) {
        return false;
    }
}

void Channel::upgrade(const std::function<Poco::Net::StreamSocket(const Poco::Net::StreamSocket&)>& handshake) {
    if (start_ < buffer_.size())
        throw ProtocolViolation("the server sent " + std::to_string(buffer_.size() - start_) +
                                " bytes after its reply to STARTTLS, before TLS began (they could have been injected "
                                "by anyone on the way): refused");
    socket_ = handshake(socket_);
}

void Channel::close() {
    try {
        HoldSigpipe hold;
        socket_.close();
    } catch (...) {
    }
}

}  // namespace mailblock::send_email::smtp
