#include "commands/check_smtp.hpp"

#include <stdexcept>

#include "commands/command_args.hpp"
#include "mailblock/sdk/json.hpp"

namespace mailblock::commands {

using sdk::Value;

const char* const kCheckSmtpUsage =
    "rpa check-smtp [--server HOST] [--port N] [--security Auto|None|STARTTLS|'SSL on connect'] [--ssl true]\n"
    "                      [--login USER [--password-env VAR]] [--from ADDR] [--to ADDR] [--ca-file PEM] [--lang en]\n"
    "                      [--oauth-credential NAME] [--allow-unverified true] [--json]  (without --server: the\n"
    "                      settings are found from the address in --login or --from)\n";
const char* const kAutoconfigUsage =
    "rpa autoconfig ADDRESS [--json] [--lang en]   (the settings found for an address; nothing is sent)\n";

namespace {

// A diagram of one Send email block at message level Debug, so that every step shows in the log.
Value oneBlockDiagram(const char* name, const Value& inputs, const std::string& lang) {
    Value start = Value::dictionary({{"next", Value::text("check")}, {"message_level", Value::text("Debug")},
                                     {"language", Value::text(lang.empty() ? "ru" : lang)}});
    Value diagram = Value::dictionary(
        {{"name", Value::text(name)}, {"start", start},
         {"blocks", Value::dictionary({{"check", Value::dictionary({{"type", Value::text("mail.send")}, {"inputs", inputs}})}})}});
    return diagram;
}

}  // namespace

Value checkSmtpDiagram(const std::map<std::string, std::string>& options) {
    static const char* known[] = {"server", "port", "security", "ssl", "login", "password-env", "oauth-credential", "from",
                                  "to", "ca-file", "accept-untrusted", "allow-unverified", "lang"};
    for (const auto& [name, value] : options) {
        bool ok = false;
        for (const char* k : known) ok = ok || name == k;
        if (!ok) throw std::invalid_argument("check-smtp: unknown option --" + name);
    }
    auto get = [&](const char* name) {
        auto it = options.find(name);
        return it == options.end() ? std::string() : it->second;
    };
    // Without --server the block finds the settings from the address (--login or --from).
    if (get("server").empty() && get("login").find('@') == std::string::npos && get("from").empty())
        throw std::invalid_argument("check-smtp needs --server HOST, or an address in --login or --from to find the settings");
    Value inputs = Value::dictionary();
    if (!get("server").empty()) inputs.set("server", Value::text(get("server")));
    if (!get("port").empty()) inputs.set("port", Value::text(get("port")));
    if (!get("security").empty()) inputs.set("security", Value::text(get("security")));
    if (!get("ssl").empty()) inputs.set("ssl", Value::text(get("ssl")));
    if (!get("ca-file").empty()) inputs.set("ca_file", Value::text(get("ca-file")));
    if (!get("accept-untrusted").empty()) inputs.set("accept_untrusted_certificate", Value::text(get("accept-untrusted")));
    if (!get("allow-unverified").empty()) inputs.set("allow_unverified_settings", Value::text(get("allow-unverified")));
    std::string login = get("login");
    const std::string credential = get("oauth-credential");
    if (!credential.empty() && !get("password-env").empty())
        throw std::invalid_argument("check-smtp: --oauth-credential and --password-env exclude each other");
    if (!login.empty()) inputs.set("login", Value::text(login));
    if (!credential.empty()) {
        // A sign-in saved by `rpa oauth login --save NAME`: the block takes (and renews) its access token.
        inputs.set("oauth_credential", Value::text(credential));
    } else if (!login.empty()) {
        // The password comes from the environment, like in any diagram: never from the command line.
        std::string env = get("password-env").empty() ? "SMTP_PASSWORD" : get("password-env");
        inputs.set("password", Value::dictionary({{"$env", Value::text(env)}}));
    }
    std::string from = get("from").empty() ? login : get("from");
    if (from.empty())
        throw std::invalid_argument(credential.empty() ? "check-smtp needs --login or --from"
                                                       : "check-smtp --oauth-credential needs --from (the account's address)");
    inputs.set("sender_email", Value::text(from));
    std::string to = get("to");
    inputs.set("recipient", Value::text(to.empty() ? from : to));
    inputs.set("check_mode", Value::text(to.empty() ? "Connection" : "Test message"));
    return oneBlockDiagram("check-smtp", inputs, get("lang"));
}

Value autoconfigDiagram(const std::string& address, const std::string& lang) {
    Value inputs = Value::dictionary({{"sender_email", Value::text(address)},
                                      {"recipient", Value::text(address)},
                                      {"check_mode", Value::text("Find settings")}});
    return oneBlockDiagram("autoconfig", inputs, lang);
}

namespace {

int usageError(sdk::CommandHost& host, const std::string& problem, const char* usage) {
    host.err << "rpa: " << problem << "\nusage: " << usage;
    return 3;
}

}  // namespace

int checkSmtpCommand(sdk::CommandHost& host, const std::vector<std::string>& args) {
    try {
        CommandArgs a = parseCommandArgs(args);
        if (!a.positional.empty()) throw std::invalid_argument("check-smtp takes options only, not " + a.positional[0]);
        if (a.lang != "ru") a.options["lang"] = a.lang;
        return host.runDiagram(checkSmtpDiagram(a.options), a.json);
    } catch (const std::invalid_argument& e) {
        return usageError(host, e.what(), kCheckSmtpUsage);
    }
}

int autoconfigCommand(sdk::CommandHost& host, const std::vector<std::string>& args) {
    try {
        CommandArgs a = parseCommandArgs(args);
        if (!a.options.empty()) throw std::invalid_argument("unknown option --" + a.options.begin()->first);
        if (a.positional.size() != 1) throw std::invalid_argument("rpa autoconfig takes one address");
        return host.runDiagram(autoconfigDiagram(a.positional[0], a.lang), a.json);
    } catch (const std::invalid_argument& e) {
        return usageError(host, e.what(), kAutoconfigUsage);
    }
}

}  // namespace mailblock::commands
