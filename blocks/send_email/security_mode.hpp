// From the reference block's single SSL flag, the Security port and the port number to one exact mode and port.
#pragma once

#include <optional>
#include <string>

#include "common/connection.hpp"

namespace mailblock::send_email {

struct ModeAndPort {
    common::Security security;
    uint16_t port;
};

// security_port: "Auto", "None", "STARTTLS" or "SSL on connect".
// Auto: SSL on + port 465 -> SSL on connect; SSL on + other port -> STARTTLS (required); SSL off -> by port
// (465 -> SSL on connect, 587 -> STARTTLS, otherwise none). Default ports: 25 without security, 587 with
// STARTTLS, 465 for SSL on connect (SSL on without a port -> 587, as the reference block).
ModeAndPort resolveMode(const std::string& security_port, bool ssl, std::optional<uint16_t> port);

}  // namespace mailblock::send_email
