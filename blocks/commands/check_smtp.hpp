// `rpa check-smtp`: checks SMTP settings by running the Send email block in its "Check only" mode (or, with
// --to, sending a test message) through the host, so the command needs no SMTP code of its own. Without --server
// the block finds the settings from the address first. `rpa autoconfig ADDRESS`: the block's Find settings mode.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "mailblock/sdk/command.hpp"

namespace mailblock::commands {

// Usage texts: "rpa NAME ...", continuation lines indented for a 7-character prefix ("usage: ").
extern const char* const kCheckSmtpUsage;
extern const char* const kAutoconfigUsage;

// options: server, port, security, ssl, login, password-env, from, to, ca-file, accept-untrusted, lang.
// Returns the diagram that performs the check. Throws std::invalid_argument for bad options.
sdk::Value checkSmtpDiagram(const std::map<std::string, std::string>& options);
sdk::Value autoconfigDiagram(const std::string& address, const std::string& lang);
// `rpa connection check NAME`: the check above through a named connection; with recipients `to`, a test message to
// them, else the Connection check (`self` is the recipient the block's check needs: the connection's sender).
sdk::Value connectionCheckDiagram(const std::string& name, const std::vector<std::string>& to, const std::string& self,
                                  const std::string& lang);

// The commands themselves (sdk::CommandFn): exit status as `rpa run`'s, 2 for a usage error.
int checkSmtpCommand(sdk::CommandHost& host, const std::vector<std::string>& args);
int autoconfigCommand(sdk::CommandHost& host, const std::vector<std::string>& args);

}  // namespace mailblock::commands
