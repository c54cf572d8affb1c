#include "common/security_mode.hpp"

namespace mailblock::common {

namespace {

uint16_t implicitTlsPort(Protocol p) { return p == Protocol::Smtp ? 465 : 993; }

// Without TLS the reference block's 25; with STARTTLS the submission port (IMAP: 143 either way).
uint16_t defaultPort(Protocol p, Security s) {
    const bool smtp = p == Protocol::Smtp;
    switch (s) {
        case Security::Implicit:
            return implicitTlsPort(p);
        case Security::StartTls:
            return smtp ? 587 : 143;
        case Security::StartTlsIfOffered:
        case Security::None:
            return smtp ? 25 : 143;
    }
    return smtp ? 25 : 143;
}

// SSL on without a port: SMTP's 587 with STARTTLS (the reference block), IMAP's 993 with TLS on connect.
Security autoSecurity(Protocol p, bool ssl, std::optional<uint16_t> port) {
    if (port) {
        if (*port == implicitTlsPort(p)) return Security::Implicit;
        return ssl ? Security::StartTls : Security::StartTlsIfOffered;
    }
    if (!ssl) return Security::StartTlsIfOffered;
    return p == Protocol::Smtp ? Security::StartTls : Security::Implicit;
}

}  // namespace

ModeAndPort resolveSecurity(Protocol protocol, const std::string& security_port, bool ssl,
                            std::optional<uint16_t> port) {
    Security s = Security::None;
    if (security_port == "None")
        s = Security::None;
    else if (security_port == "STARTTLS")
        s = Security::StartTls;
    else if (security_port == "SSL on connect")
        s = Security::Implicit;
    else
        s = autoSecurity(protocol, ssl, port);
    return ModeAndPort{s, port.value_or(defaultPort(protocol, s))};
}

}  // namespace mailblock::common
