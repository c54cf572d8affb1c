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
}  // namespace

ModeAndPort resolveMode(const std::string& security_port, bool ssl, std::optional<uint16_t> port) {
    Security s = Security::None;
    if (security_port == "None") s = Security::None;
    else if (security_port == "STARTTLS") s = Security::StartTls;
    else if (security_port == "SSL on connect") s = Security::Implicit;
    else if (ssl) s = (port && *port == 465) ? Security::Implicit : Security::StartTls;
    else if (port && *port == 465) s = Security::Implicit;
    else if (port && *port == 587) s = Security::StartTls;
    return ModeAndPort{s, port.value_or(defaultPort(s))};
}

}  // namespace mailblock::send_email
