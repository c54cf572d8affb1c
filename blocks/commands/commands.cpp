#include "commands/commands.hpp"

#include "commands/check_smtp.hpp"
#include "commands/connection_command.hpp"
#include "commands/oauth_command.hpp"

namespace mailblock::commands {

namespace {

int oauth(sdk::CommandHost& host, const std::vector<std::string>& args) {
    return oauthCommand(args, host.out, host.err);
}

}  // namespace

const std::vector<mb_command>& mailCommands() {
    static const std::vector<mb_command> commands{sdk::command<&checkSmtpCommand>("check-smtp", kCheckSmtpUsage),
                                                  sdk::command<&autoconfigCommand>("autoconfig", kAutoconfigUsage),
                                                  sdk::command<&oauth>("oauth", kOAuthCommandUsage),
                                                  sdk::command<&connectionCommand>("connection", kConnectionUsage)};
    return commands;
}

}  // namespace mailblock::commands
