#include "send_email/security_mode.hpp"

namespace mailblock::send_email {

using common::Security;

namespace {
uint16_t defaultPort(Security s) {
    switch (s) {
        case Security::None: return 25;
        case Security::StartTls: return 587;
        case Security::Implicit: return 465;
    }
    return 25;
}

Security securityFor(const std::string& security_port, bool ssl, std::optional<uint16_t> port) {
    if (security_port == "None") return Security::None;
    if (security_port == "STARTTLS") return Security::StartTls;
    if (security_port == "SSL on connect") return Security::Implicit;
    // Auto: port 465 is implicit TLS; the reference block's SSL flag on any other port means STARTTLS required.
    if (port && *port == 465) return Security::Implicit;
    if (ssl || (port && *port == 587)) return Security::StartTls;
    return Security::None;
}

}  // namespace

ModeAndPort resolveMode(const std::string& security_port, bool ssl, std::optional<uint16_t> port) {
    Security s = securityFor(security_port, ssl, port);
    return ModeAndPort{s, port.value_or(defaultPort(s))};
}

}  // namespace mailblock::send_email
