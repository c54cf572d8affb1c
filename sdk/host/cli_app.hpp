// rpa's own commands and options, declared once on CLI11 (sdk/include/mailblock/sdk/cli.hpp): the parser, every
// `--help`, the usage lines of errors, the man page (packaging/rpa.1) and the README's command list all come from
// these definitions. Plugin commands (check-smtp, autoconfig, oauth) declare theirs in the plugin.
#pragma once

#include <CLI/CLI.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mailing.hpp"

namespace mailblock::host {

// Exit codes of rpa (README "Exit codes", packaging/rpa.1).
constexpr int kExitStopped = 1;        // a block's error with level Default stopped the diagram
constexpr int kExitInvalidInput = 2;   // usage error or invalid diagram: nothing ran
constexpr int kExitPluginFailure = 3;  // no plugin could be loaded, or rpa itself failed

// What the command line said; filled by parsing the app hostApp() returns.
struct HostArgs {
    std::vector<std::string> plugins;  // --plugin, on any command
    std::string autoconfig_url, dns_server;
    std::string lang = "ru";
    bool json = false;
    std::string diagram;                       // run
    std::vector<std::string> vars;             // run --var NAME=VALUE
    std::string each;                          // run --each ROWS.csv
    MailingOptions mailing;                    // run --each: --journal, --journal-sync, --resend-unknown
    std::string block;                         // describe, docs
    std::string format = "md", out_dir;        // docs
    std::map<std::string, std::string> serve;  // serve --parallel, --scope-idle (serve.hpp serveOptions)
    std::string topic;                         // help [COMMAND]
    bool version = false;
};

// The rpa app with one subcommand per host command; parsing fills `a`.
std::unique_ptr<CLI::App> hostApp(HostArgs& a);

// The names of the host commands, in the order help lists them.
std::vector<std::string> hostCommandNames();

// The options that belong to rpa on every command (plugin commands included) and take a value.
bool hostValueOption(const std::string& word);

}  // namespace mailblock::host
