// Sockets for mail protocols: connect with a deadline, Nagle off, timeouts on every read and write, and TLS
// with the real host name (SNI and certificate name checks) either from the first byte or after STARTTLS.
#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <string>

#include "common/deadline.hpp"

namespace mailblock::common {

// StartTlsIfOffered is Security "Auto" on a port without TLS on connect: STARTTLS whenever the server offers it;
// without it, no login is sent (common/security_mode.hpp).
enum class Security { None, StartTls, StartTlsIfOffered, Implicit };

struct Endpoint {
    std::string host;
    uint16_t port = 0;
    Security security = Security::None;
    std::chrono::seconds timeout{30};
    std::string ca_file;            // extra trusted certificates (PEM); system store is always used
    bool accept_untrusted = false;  // skip certificate verification (dangerous, logged)
};

const char* securityName(Security s);

// Client TLS context of one connection: TLS 1.2 or newer, chain verified against the system store (+ ca_file),
// host name checked. Verification is the context's own: nothing is installed in Poco's process-wide SSLManager.
Poco::Net::Context::Ptr makeTlsContext(const Endpoint& e);

// A connected TCP socket (TLS already negotiated when e.security is Implicit), blocking, each read and write
// waiting up to e.timeout. Every address of the name is tried in turn. Throws Poco exceptions:
// HostNotFoundException, ConnectionRefusedException, TimeoutException, SSLException, ...
Poco::Net::StreamSocket connect(const Endpoint& e, const Poco::Net::Context::Ptr& tls);
// The same within a deadline for the whole of it (resolution, connect, TLS), seeing a cancellation (throws
// Cancelled); the socket is non-blocking: read and write it through Deadline::wait (dial.hpp).
Poco::Net::StreamSocket connect(const Endpoint& e, const Poco::Net::Context::Ptr& tls, const Deadline& d);

// Whether a session starts TLS once it knows whether the server offers STARTTLS: always for STARTTLS (failing when
// not offered), when offered for Auto. Without TLS a login is then refused unless explicitly allowed in plain text.
bool wantsStartTls(Security s, bool offered);

// Wraps an already connected socket in TLS (after STARTTLS), handshake done before it returns; blocking as
// connect() above, or within a deadline and non-blocking.
Poco::Net::StreamSocket startTls(const Poco::Net::StreamSocket& plain, const Endpoint& e,
                                 const Poco::Net::Context::Ptr& tls);
Poco::Net::StreamSocket startTls(const Poco::Net::StreamSocket& plain, const Endpoint& e,
                                 const Poco::Net::Context::Ptr& tls, const Deadline& d);

// After the server's go-ahead to STARTTLS (IMAP's tagged OK, SMTP's 220) nothing may wait unread: bytes that came
// in plain text would be taken as if they came over TLS (STARTTLS response injection, CVE-2011-0411). Throws a
// Poco::Net::SSLException saying so (tls_hint.cpp gives its hint); `bytes` is how many were waiting.
[[noreturn]] void refuseDataBeforeTls(size_t bytes);

}  // namespace mailblock::common
