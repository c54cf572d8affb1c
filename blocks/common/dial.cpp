#include "common/dial.hpp"

#include <Poco/Net/DNS.h>
#include <Poco/Net/HostEntry.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketImpl.h>

#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

namespace mailblock::common {

namespace {

// Poco's mapping of an errno to its exception (ConnectionRefusedException, ...) is protected; this opens it.
struct SocketErrors : Poco::Net::SocketImpl {
    using Poco::Net::SocketImpl::error;
};

// Resolution threads still running: the library must not be unloaded under them.
std::mutex g_resolvers_mutex;
std::condition_variable g_resolvers_done;
int g_resolvers = 0;

struct Lookup {
    std::mutex mutex;
    std::condition_variable done_cv;
    bool done = false;
    std::vector<Poco::Net::IPAddress> found;
    std::exception_ptr error;
};

std::vector<Poco::Net::IPAddress> systemResolver(const std::string& host) {
    return Poco::Net::DNS::resolve(host).addresses();
}

}  // namespace

std::vector<Poco::Net::SocketAddress> resolveWithin(const std::string& host, uint16_t port, const Deadline& d,
                                                    const Resolver& resolver) {
    Poco::Net::IPAddress literal;
    if (Poco::Net::IPAddress::tryParse(host, literal)) return {Poco::Net::SocketAddress(literal, port)};
    auto lookup = std::make_shared<Lookup>();
    {
        std::lock_guard<std::mutex> lock(g_resolvers_mutex);
        ++g_resolvers;
    }
    // getaddrinfo cannot be interrupted: it runs on its own thread, and a late answer is simply dropped.
    std::thread([lookup, host, resolve = resolver ? resolver : Resolver(systemResolver)] {
        std::vector<Poco::Net::IPAddress> found;
        std::exception_ptr error;
        try {
            found = resolve(host);
        } catch (...) {
            error = std::current_exception();
        }
        {
            std::lock_guard<std::mutex> lock(lookup->mutex);
            lookup->found = std::move(found);
            lookup->error = error;
            lookup->done = true;
        }
        lookup->done_cv.notify_all();
        std::lock_guard<std::mutex> lock(g_resolvers_mutex);
        --g_resolvers;
        g_resolvers_done.notify_all();
    }).detach();
    std::unique_lock<std::mutex> lock(lookup->mutex);
    while (!lookup->done) {
        d.check("name resolution of " + host);
        lookup->done_cv.wait_for(lock, std::min<Deadline::Clock::duration>(d.remaining(), kCancelSlice));
    }
    if (lookup->error) std::rethrow_exception(lookup->error);
    if (lookup->found.empty()) throw Poco::Net::NoAddressFoundException(host);
    std::vector<Poco::Net::SocketAddress> out;
    for (const auto& ip : lookup->found) out.emplace_back(ip, port);
    return out;
}

void throwSocketError(int code, const std::string& what) {
    SocketErrors::error(code, what);
    throw Poco::Net::NetException(what, code);  // not reached: error() throws for every code
}

void waitForResolvers() {
    std::unique_lock<std::mutex> lock(g_resolvers_mutex);
    g_resolvers_done.wait(lock, [] { return g_resolvers == 0; });
}

Poco::Net::StreamSocket connectAny(const std::vector<Poco::Net::SocketAddress>& addresses, const Deadline& d) {
    std::exception_ptr last;
    for (size_t i = 0; i < addresses.size(); ++i) {
        const auto& a = addresses[i];
        // The addresses left share the time left: one that drops our packets cannot use it all.
        Deadline slot = d.within(d.remaining() / static_cast<int>(addresses.size() - i));
        try {
            Poco::Net::StreamSocket s(a.family());
            s.connectNB(a);  // non-blocking from here on
            slot.wait(s, true, "connect to " + a.toString());
            if (int error = s.impl()->socketError()) throwSocketError(error, a.toString());
            return s;
        } catch (const Cancelled&) {
            throw;
        } catch (const Poco::Exception&) {
            last = std::current_exception();
        }
        d.check("connect");
    }
    if (last) std::rethrow_exception(last);
    throw Poco::Net::NoAddressFoundException("no address to connect to");
}

Poco::Net::SecureStreamSocket handshakeWithin(const Poco::Net::StreamSocket& plain, const std::string& peer,
                                              const Poco::Net::Context::Ptr& tls, const Deadline& d) {
    Poco::Net::StreamSocket raw = plain;
    raw.setBlocking(false);  // Poco's TLS layer reads this flag from the plain socket: no blocking handshake
    Poco::Net::SecureStreamSocket secure = Poco::Net::SecureStreamSocket::attach(raw, peer, tls);
    while (true) {
        int rc = secure.completeHandshake();
        if (rc == 1) break;
        if (rc == 0) throw Poco::Net::SSLConnectionUnexpectedlyClosedException();
        d.wait(secure, rc == Poco::Net::SecureStreamSocket::ERR_SSL_WANT_WRITE, "TLS handshake");
    }
    // A blocking handshake checks the certificate's name itself; a non-blocking one leaves it to us.
    secure.verifyPeerCertificate();
    return secure;
}

}  // namespace mailblock::common
