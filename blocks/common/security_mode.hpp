// The Security port, the reference block's SSL flag and the Port port resolved to one exact mode and port, by the
// same rules for SMTP (Send email) and IMAP (Save to Sent):
//
//   Security        SSL  Port                       connection
//   Auto            any  465 (SMTP) / 993 (IMAP)    TLS on connect
//   Auto            on   any other; empty: 587/993  STARTTLS required (993: TLS on connect)
//   Auto            off  any other; empty: 25/143   STARTTLS whenever the server offers it, certificate verified;
//                                                   without it plain text, but no login is sent
//   None            any  any; empty: 25/143         plain text
//   STARTTLS        any  any; empty: 587/143        STARTTLS required
//   SSL on connect  any  any; empty: 465/993        TLS on connect
//
// Credentials never go in plain text unless "Allow credentials without encryption" is on.
#pragma once

#include <optional>
#include <string>

#include "common/connection.hpp"

namespace mailblock::common {

enum class Protocol { Smtp, Imap };

struct ModeAndPort {
    Security security;
    uint16_t port;
};

// security_port: "Auto" (or empty), "None", "STARTTLS" or "SSL on connect".
ModeAndPort resolveSecurity(Protocol protocol, const std::string& security_port, bool ssl,
                            std::optional<uint16_t> port);

}  // namespace mailblock::common
