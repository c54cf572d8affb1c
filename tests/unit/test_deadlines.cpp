// Deadlines on the way to a server: name resolution that hangs, every address of a name tried in turn (IPv6 and
// IPv4), and the bounded line reader's rule that nothing sent before TLS is read after it.
#include <doctest/doctest.h>

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocketImpl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>

#include "common/dial.hpp"
#include "send_email/smtp/channel.hpp"

using namespace mailblock;
using Clock = std::chrono::steady_clock;

namespace {

// A resolver that answers 127.0.0.1 once `gate` opens (the system's cannot be made to hang in a test).
common::Resolver resolverHeldBy(std::shared_future<void> gate) {
    return [gate](const std::string&) {
        gate.wait();
        return std::vector<Poco::Net::IPAddress>{Poco::Net::IPAddress("127.0.0.1")};
    };
}

class PairSocket : public Poco::Net::StreamSocket {
public:
    explicit PairSocket(int fd) : Poco::Net::StreamSocket(new Poco::Net::StreamSocketImpl(fd)) {}
};

}  // namespace

TEST_CASE("name resolution that hangs ends at the deadline, and a cancellation ends it at once") {
    std::promise<void> answer;  // the hanging lookups answer only after the block has given up on them
    const std::shared_future<void> hung = answer.get_future().share();
    auto started = Clock::now();
    CHECK_THROWS_AS(common::resolveWithin("slow.example", 25, common::Deadline(std::chrono::milliseconds(300)),
                                          resolverHeldBy(hung)),
                    Poco::TimeoutException);
    CHECK(Clock::now() - started < std::chrono::milliseconds(800));
    started = Clock::now();
    CHECK_THROWS_AS(
        common::resolveWithin("slow.example", 25, common::Deadline(std::chrono::seconds(10), [] { return true; }),
                              resolverHeldBy(hung)),
        common::Cancelled);
    CHECK(Clock::now() - started < std::chrono::milliseconds(300));
    answer.set_value();
    std::promise<void> at_once;
    at_once.set_value();
    auto found = common::resolveWithin("fast.example", 587, common::Deadline(std::chrono::seconds(5)),
                                       resolverHeldBy(at_once.get_future().share()));
    REQUIRE(found.size() == 1);
    CHECK(found[0].toString() == "127.0.0.1:587");
    CHECK(common::resolveWithin("::1", 25, common::Deadline(std::chrono::seconds(1)))[0].toString() == "[::1]:25");
    common::waitForResolvers();  // the slow threads end before the test does
}

TEST_CASE("every address of a name is tried in turn: a refused IPv4 address, then the IPv6 one that listens") {
    Poco::Net::ServerSocket listening(Poco::Net::SocketAddress("[::1]:0"));
    Poco::Net::ServerSocket closed(Poco::Net::SocketAddress("127.0.0.1:0"));
    const uint16_t refused_port = closed.address().port();
    closed.close();
    std::vector<Poco::Net::SocketAddress> addresses{Poco::Net::SocketAddress("127.0.0.1", refused_port),
                                                    Poco::Net::SocketAddress("::1", listening.address().port())};
    Poco::Net::StreamSocket s = common::connectAny(addresses, common::Deadline(std::chrono::seconds(5)));
    CHECK(s.peerAddress().host().toString() == "::1");
    CHECK_THROWS_AS(common::connectAny({addresses[0]}, common::Deadline(std::chrono::seconds(5))),
                    Poco::Net::ConnectionRefusedException);
}

TEST_CASE("the line reader refuses bytes the server sent before TLS began") {
    int fds[2];
    REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
    const char reply[] = "220 Ready to start TLS\r\n250 injected\r\n";
    REQUIRE(::write(fds[1], reply, sizeof reply - 1) == static_cast<ssize_t>(sizeof reply - 1));
    send_email::smtp::Channel channel(PairSocket(fds[0]), common::Deadline(std::chrono::seconds(2)));
    CHECK(channel.readLine(100) == "220 Ready to start TLS");
    bool handshake_ran = false;
    CHECK_THROWS_AS(channel.upgrade([&](const Poco::Net::StreamSocket& s) {
        handshake_ran = true;
        return s;
    }),
                    send_email::smtp::ProtocolViolation);
    CHECK_FALSE(handshake_ran);
    // A reply that never ends is a timeout at the deadline, not a wait for ever.
    CHECK(channel.readLine(100) == "250 injected");
    channel.setDeadline(common::Deadline(std::chrono::milliseconds(200)));
    auto started = Clock::now();
    CHECK_THROWS_AS(channel.readLine(100), Poco::TimeoutException);
    CHECK(Clock::now() - started < std::chrono::milliseconds(600));
    ::close(fds[1]);
}
