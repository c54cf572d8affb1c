// Sockets for mail protocols: connect with a deadline, Nagle off, timeouts on every read and write, and TLS
// with the real host name (SNI and certificate name checks) either from the first byte or after STARTTLS.
#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <string>

#include "common/deadline.hpp"

namespace mailblock::common {

enum class Security { None, StartTls, Implicit };

struct Endpoint {
    std::string host;
    uint16_t port = 0;
    Security security = Security::None;
    std::chrono::seconds timeout{30};
    std::string ca_file;            // extra trusted certificates (PEM); system store is always used
    bool accept_untrusted = false;  // skip certificate verification (dangerous, logged)
};

const char* securityName(Security s);

// Client TLS context: TLS 1.2 or newer, chain verified against the system store (+ ca_file), host name checked.
Poco::Net::Context::Ptr makeTlsContext(const Endpoint& e);

// Before the library is unloaded: hands Poco's process-wide certificate handler back to one of Poco's own
// (ours, defined in this library, would be deleted by SSLManager after the library is gone).
void releaseTlsHandler();

// A connected TCP socket (TLS already negotiated when e.security is Implicit), blocking, each read and write
// waiting up to e.timeout. Every address of the name is tried in turn. Throws Poco exceptions:
// HostNotFoundException, ConnectionRefusedException, TimeoutException, SSLException, ...
Poco::Net::StreamSocket connect(const Endpoint& e, const Poco::Net::Context::Ptr& tls);
// The same within a deadline for the whole of it (resolution, connect, TLS), seeing a cancellation (throws
// Cancelled); the socket is non-blocking: read and write it through Deadline::wait (dial.hpp).
Poco::Net::StreamSocket connect(const Endpoint& e, const Poco::Net::Context::Ptr& tls, const Deadline& d);

// Wraps an already connected socket in TLS (after STARTTLS), handshake done before it returns; blocking as
// connect() above, or within a deadline and non-blocking.
Poco::Net::StreamSocket startTls(const Poco::Net::StreamSocket& plain, const Endpoint& e,
                                 const Poco::Net::Context::Ptr& tls);
Poco::Net::StreamSocket startTls(const Poco::Net::StreamSocket& plain, const Endpoint& e,
                                 const Poco::Net::Context::Ptr& tls, const Deadline& d);

}  // namespace mailblock::common
