// Reaching a server within a deadline: name resolution (which has no timeout of its own), each address the
// name has tried in turn (IPv6 and IPv4), and the TLS handshake; all of it seeing a cancellation within ~0.1 s.
// The sockets returned are non-blocking: whoever reads or writes them waits through Deadline::wait.
#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <functional>
#include <string>
#include <vector>

#include "common/deadline.hpp"

namespace mailblock::common {

using Resolver = std::function<std::vector<Poco::Net::IPAddress>(const std::string& host)>;

// The addresses of `host` (an address literal is its own), found by `resolver` (default: the system's) on a
// thread of its own so that the deadline holds. Throws Poco::TimeoutException, Cancelled, or the resolver's
// own error (HostNotFoundException, NoAddressFoundException).
std::vector<Poco::Net::SocketAddress> resolveWithin(const std::string& host, uint16_t port, const Deadline& d,
                                                    const Resolver& resolver = {});

// Connects to the first address that answers, trying each in turn; each gets an equal share of the time left.
// Throws the last address's failure (ConnectionRefusedException, TimeoutException, ...), or Cancelled.
Poco::Net::StreamSocket connectAny(const std::vector<Poco::Net::SocketAddress>& addresses, const Deadline& d);

// TLS over a connected non-blocking socket, the handshake and the certificate's name check done within the
// deadline. `peer` is the name for SNI and the name check, empty for an address literal.
Poco::Net::SecureStreamSocket handshakeWithin(const Poco::Net::StreamSocket& plain, const std::string& peer,
                                              const Poco::Net::Context::Ptr& tls, const Deadline& d);

// Throws Poco's exception for a socket error code (ECONNREFUSED: ConnectionRefusedException, ...).
[[noreturn]] void throwSocketError(int code, const std::string& what);

// Waits (before the library is unloaded) until no resolution thread started by resolveWithin is running.
void waitForResolvers();

}  // namespace mailblock::common
