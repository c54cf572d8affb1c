// The «Подключение» (Connection) port both mail blocks share: the NAME of a connection stored by
// `rpa connection add NAME ...` (common/named_connection.hpp). Before a block reads its ports, useNamedConnection
// fills every setting the block left empty from that connection (sdk::Context::supply); what the block sets
// itself wins. Reads the user's credential store; never logs or prints the password.
#pragma once

#include <string>
#include <vector>

#include "mailblock/sdk/context.hpp"
#include "mailblock/sdk/descriptor.hpp"

namespace mailblock::common {

namespace port {
inline const char* const kConnection = "connection";
}  // namespace port

sdk::Port namedConnectionPort();

// Which of a connection's settings a block takes, and into which of its ports.
enum class ConnectionSide { Smtp, Imap };

// With the Connection port set: loads that connection and supplies its settings to the ports `block` leaves empty
// (Null, or the port's default value: "Auto" takes the connection's mode). An unknown, disabled or unreadable
// connection throws sdk::BlockFailure naming the port and what to do, with `fate` stated first; nothing has been
// sent then. Without the port, does nothing.
void useNamedConnection(sdk::Context& ctx, const sdk::BlockDescriptor& block, ConnectionSide side,
                        const std::string& fate);

}  // namespace mailblock::common
