#include "commands/connection_command.hpp"

#include <map>
#include <memory>
#include <stdexcept>

#include "commands/check_smtp.hpp"
#include "commands/secret_input.hpp"
#include "common/connection_ports.hpp"
#include "common/oauth/credential_store.hpp"
#include "common/run_record.hpp"
#include "mailblock/sdk/cli.hpp"

namespace mailblock::commands {

namespace {

using common::NamedConnection;
using common::oauth::CredentialStore;
using common::oauth::StoreContents;
using common::oauth::StoreLock;

constexpr int kFailed = 1;

struct Options {
    std::string name, password_env, lang;
    std::map<std::string, std::string> values;
    std::vector<std::string> to;
    bool replace = false, no_password = false, json = false;
};

// add's settings: option, type, help, and where the value goes.
struct Setting {
    const char* option;
    const char* type;
    const char* help;
    std::string NamedConnection::*member;
};
const Setting kSettings[] = {
    {"server", "HOST", "the SMTP server (else found from --sender)", &NamedConnection::server},
    {"security", "MODE", "Auto, None, STARTTLS or 'SSL on connect'", &NamedConnection::security},
    {"ca-file", "PEM", "trusts the certificates in this file too", &NamedConnection::ca_file},
    {"auth", "METHOD", "the sign-in method (Auto, PLAIN, ..., GSSAPI, NTLM, Windows)", &NamedConnection::auth},
    {"login", "USER", "signs in as this user", &NamedConnection::login},
    {"domain", "DOMAIN", "the Windows domain for NTLM", &NamedConnection::domain},
    {"keytab", "PATH", "a Kerberos keytab with the login's key (GSSAPI without kinit)", &NamedConnection::keytab},
    {"sender", "ADDRESS", "the sender's address (Sender email)", &NamedConnection::sender},
    {"sender-name", "NAME", "the sender's name", &NamedConnection::sender_name},
    {"description", "TEXT", "what the connection is for", &NamedConnection::description},
    {"log-file", "PATH", "the file log of the blocks that use it", &NamedConnection::log_file},
    {"log-mode", "MODE", "Off, 'Errors only' or Full", &NamedConnection::log_mode},
    {"imap-server", "HOST", "Save to Sent's IMAP server (else derived as without a connection)",
     &NamedConnection::imap_server},
    {"imap-security", "MODE", "its security: Auto, None, STARTTLS or 'SSL on connect'",
     &NamedConnection::imap_security},
};

void addName(CLI::App& sub, Options& o, const char* help) {
    sub.add_option("NAME", o.name, help)->type_name("")->required();
}

CLI::App* subcommand(CLI::App& app, const char* name, const char* help, const char* codes, const char* example) {
    CLI::App* sub = app.add_subcommand(name, help);
    sdk::cli::describe(*sub, std::string("rpa connection ") + name, codes, example);
    return sub;
}

std::unique_ptr<CLI::App> connectionApp(Options& o) {
    auto app = std::make_unique<CLI::App>(
        "Named connections: server, sign-in, sender and file log kept once under a NAME (in $XDG_CONFIG_HOME/"
        "mailblock/credentials.json, mode 0600) for the blocks' Connection port.",
        "connection");
    sdk::cli::describe(*app, "rpa connection", "0 done, 1 failed, 2 usage error", "rpa connection list");
    app->require_subcommand(1, 1);
    CLI::App* add =
        subcommand(*app, "add", "saves a connection as NAME", "0 saved, 1 the store failed, 2 usage error",
                   "SMTP_PASSWORD=... rpa connection add office --server mail.work.example --port 587 "
                   "--security STARTTLS --login robot --password-env SMTP_PASSWORD --sender robot@work.example");
    addName(*add, o, "the connection's name: letters, digits, '.', '_', '-'");
    const std::vector<std::string> modes{"Auto", "None", "STARTTLS", "SSL on connect"};
    for (const Setting& s : kSettings) {
        CLI::Option* opt = add->add_option_function<std::string>(
            std::string("--") + s.option, [&o, name = s.option](const std::string& v) { o.values[name] = v; }, s.help);
        opt->type_name(s.type);
        const std::string option = s.option;
        if (option == "security" || option == "imap-security") opt->check(sdk::cli::oneOf(modes));
        if (option == "auth") opt->check(sdk::cli::oneOf(common::authMethodPort().enum_values));
        if (option == "log-mode") opt->check(sdk::cli::oneOf(common::logModePort().enum_values));
    }
    for (const char* port : {"port", "imap-port"})
        add->add_option_function<std::string>(
               std::string("--") + port, [&o, port](const std::string& v) { o.values[port] = v; },
               std::string(port) == "port" ? "the SMTP port (else by the security mode)" : "the IMAP port")
            ->type_name("N")
            ->check(sdk::cli::between(1, 65535));
    add->add_option("--password-env", o.password_env,
                    "the password is in this environment variable (else asked on "
                    "the terminal)")
        ->type_name("VAR");
    add->add_flag("--no-password", o.no_password, "keeps no password (a Kerberos ticket signs in, or no sign-in)");
    add->add_flag("--replace", o.replace, "replaces a connection of that name");
    subcommand(*app, "list", "lists the connections (no password is shown)", "0 done, 1 the store cannot be read",
               "rpa connection list");
    CLI::App* show = subcommand(*app, "show", "shows a connection's settings (the password only as \"stored\")",
                                "0 done, 1 no such connection", "rpa connection show office");
    addName(*show, o, "the connection");
    CLI::App* check = subcommand(*app, "check", "connects and signs in with NAME; with --to, sends a test message",
                                 "0 the check passed, 1 it failed (the report says why), 2 usage error",
                                 "rpa connection check office --to admin@work.example --lang en");
    addName(*check, o, "the connection");
    check->add_option("--to", o.to, "sends a test message to this address")->type_name("ADDRESS");
    check->add_option("--lang", o.lang, "the report's language")
        ->check(sdk::cli::oneOf({"ru", "en"}))
        ->type_name("ru|en");
    check->add_flag("--json", o.json, "the result as JSON (as `rpa run --json`)");
    for (auto [name, help] : {std::pair{"disable", "disables NAME: blocks naming it refuse and send nothing"},
                              {"enable", "enables NAME again"},
                              {"remove", "deletes NAME"}})
        addName(*subcommand(*app, name, help, "0 done, 1 no such connection",
                            (std::string("rpa connection ") + name + " office").c_str()),
                o, "the connection");
    return app;
}

// The password add keeps: from --password-env, else asked on a terminal; none with --no-password or nothing to
// sign in with. Refused when it is needed and neither source exists.
std::string passwordFor(const Options& o, const NamedConnection& c, std::ostream& err) {
    if (!o.password_env.empty()) {
        if (o.no_password) throw std::invalid_argument("--password-env and --no-password exclude each other");
        return secretFromEnvironment("--password-env", o.password_env);
    }
    if (o.no_password || c.login.empty() || c.auth == "GSSAPI" || c.auth == "ANONYMOUS") return {};
    if (auto typed = secretFromTerminal("Password for " + c.login + ": ", err)) return *typed;
    throw std::invalid_argument("--login " + c.login +
                                " needs a password: --password-env VAR (or run on a terminal to be asked; never on the "
                                "command line), or --no-password when a Kerberos ticket signs in");
}

NamedConnection fromOptions(const Options& o, std::ostream& err) {
    NamedConnection c;
    for (const Setting& s : kSettings) {
        auto it = o.values.find(s.option);
        if (it == o.values.end()) continue;
        if (it->second.find_first_of("\r\n\t") != std::string::npos)
            throw std::invalid_argument(std::string("--") + s.option + ": a tab or line break in a one-line value");
        c.*s.member = it->second;
    }
    if (auto it = o.values.find("port"); it != o.values.end()) c.port = static_cast<uint16_t>(std::stoul(it->second));
    if (auto it = o.values.find("imap-port"); it != o.values.end())
        c.imap_port = static_cast<uint16_t>(std::stoul(it->second));
    if (c.server.empty() && c.sender.empty())
        throw std::invalid_argument("add needs --server HOST, or --sender ADDRESS to find the server from");
    c.password = passwordFor(o, c, err);
    return c;
}

int add(const Options& o, std::ostream& out, std::ostream& err) {
    if (std::string bad = common::oauth::checkCredentialName(o.name); !bad.empty())
        throw std::invalid_argument("NAME " + o.name + ": " + bad);
    CredentialStore store = CredentialStore::forUser();
    store.load();  // a store open to others is refused before a password is asked
    NamedConnection c = fromOptions(o, err);
    {
        StoreLock lock(store);
        StoreContents all = store.load();
        if (all.connections.count(o.name) && !o.replace)
            throw std::runtime_error("connection \"" + o.name + "\" exists: add --replace to replace it");
        all.connections[o.name] = c;
        store.save(all);
    }
    out << "Saved connection \"" << o.name << "\" in " << store.path()
        << " (password: " << (c.password.empty() ? "none" : "stored") << ").\n"
        << "Give \"" << o.name
        << "\" to the Connection port (connection) of Send email and Save to Sent; check it with: "
        << "rpa connection check " << o.name << " --to ADDRESS\n";
    return 0;
}

std::string serverText(const std::string& host, uint16_t port) {
    if (host.empty()) return "";
    return port ? host + ":" + std::to_string(port) : host;
}

int list(std::ostream& out) {
    CredentialStore store = CredentialStore::forUser();
    const auto all = store.load().connections;
    if (all.empty()) {
        out << "No connections in " << store.path() << ".\n";
        return 0;
    }
    out << "NAME\tSERVER\tLOGIN\tSTATE\tDESCRIPTION\n";
    for (const auto& [name, c] : all)
        out << name << "\t" << (c.server.empty() ? "(from the sender)" : serverText(c.server, c.port)) << "\t"
            << c.login << "\t" << (c.disabled ? "disabled" : "enabled") << "\t" << c.description << "\n";
    return 0;
}

const NamedConnection& named(const StoreContents& all, const CredentialStore& store, const std::string& name) {
    auto it = all.connections.find(name);
    if (it == all.connections.end())
        throw std::runtime_error("no connection \"" + name + "\" in " + store.path() + " (see rpa connection list)");
    return it->second;
}

int show(const Options& o, std::ostream& out) {
    CredentialStore store = CredentialStore::forUser();
    const StoreContents all = store.load();
    const NamedConnection& c = named(all, store, o.name);
    const std::pair<const char*, std::string> lines[] = {
        {"description", c.description},
        {"state", c.disabled ? "disabled" : "enabled"},
        {"server", serverText(c.server, c.port)},
        {"security", c.security},
        {"ca file", c.ca_file},
        {"imap server", serverText(c.imap_server, c.imap_port)},
        {"imap security", c.imap_security},
        {"auth", c.auth},
        {"login", c.login},
        {"password", c.password.empty() ? "none" : "stored"},
        {"domain", c.domain},
        {"keytab", c.keytab},
        {"sender", c.sender},
        {"sender name", c.sender_name},
        {"log file", c.log_file},
        {"log mode", c.log_mode},
    };
    out << "name: " << o.name << "\n";
    for (const auto& [key, value] : lines)
        if (!value.empty()) out << key << ": " << value << "\n";
    return 0;
}

int check(sdk::CommandHost& host, const Options& o) {
    CredentialStore store = CredentialStore::forUser();
    const NamedConnection c = named(store.load(), store, o.name);
    // The Connection check needs a recipient it never writes to: the connection's own address.
    std::string self = !c.sender.empty()                        ? c.sender
                       : c.login.find('@') != std::string::npos ? c.login
                                                                : "postmaster@localhost";
    return host.runDiagram(connectionCheckDiagram(o.name, o.to, self, o.lang), o.json);
}

int change(const std::string& command, const Options& o, std::ostream& out) {
    CredentialStore store = CredentialStore::forUser();
    StoreLock lock(store);
    StoreContents all = store.load();
    named(all, store, o.name);
    if (command == "remove")
        all.connections.erase(o.name);
    else
        all.connections[o.name].disabled = command == "disable";
    store.save(all);
    if (command == "remove")
        out << "Removed connection \"" << o.name << "\" from " << store.path() << ".\n";
    else if (command == "disable")
        out << "Disabled connection \"" << o.name << "\": blocks naming it refuse and send nothing.\n";
    else
        out << "Enabled connection \"" << o.name << "\".\n";
    return 0;
}

}  // namespace

const char* const kConnectionUsage =
    "rpa connection add|list|show|check|disable|enable|remove ...   (rpa connection for its options)\n";

int connectionCommand(sdk::CommandHost& host, const std::vector<std::string>& args) {
    Options o;
    std::unique_ptr<CLI::App> app = connectionApp(o);
    if (auto done = sdk::cli::parse(*app, args, host.out, host.err)) return *done;
    const std::string& command = sdk::cli::reached(*app).get_name();
    try {
        if (command == "add") return add(o, host.out, host.err);
        if (command == "list") return list(host.out);
        if (command == "show") return show(o, host.out);
        if (command == "check") return check(host, o);
        return change(command, o, host.out);
    } catch (const std::invalid_argument& e) {
        sdk::cli::printUsageError(host.err, e.what(), sdk::cli::reached(*app));
        return sdk::cli::kExitUsage;
    } catch (const std::exception& e) {
        host.err << "rpa: " << e.what() << "\n";
        return kFailed;
    }
}

}  // namespace mailblock::commands
