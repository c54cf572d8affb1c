#include "commands/check_smtp.hpp"

#include <stdexcept>

#include "mailblock/sdk/cli.hpp"
#include "mailblock/sdk/json.hpp"

namespace mailblock::commands {

using sdk::Value;

const char* const kCheckSmtpUsage = "rpa check-smtp [--server HOST] [--login USER] [OPTIONS]   checks SMTP settings\n";
const char* const kAutoconfigUsage = "rpa autoconfig ADDRESS [--json] [--lang ru|en]   finds the settings for an address\n";

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

Value connectionCheckDiagram(const std::string& name, const std::vector<std::string>& to, const std::string& self,
                             const std::string& lang) {
    Value inputs = Value::dictionary({{"connection", Value::text(name)}});
    std::vector<Value> recipients;
    recipients.reserve(to.size());
    for (const auto& address : to) recipients.push_back(Value::text(address));
    inputs.set("recipient", to.empty() ? Value::text(self) : Value::list(std::move(recipients)));
    inputs.set("check_mode", Value::text(to.empty() ? "Connection" : "Test message"));
    return oneBlockDiagram("connection-check", inputs, lang);
}

namespace {

// check-smtp's options, each filling the option map checkSmtpDiagram reads.
void addCheckSmtpOptions(CLI::App& app, std::map<std::string, std::string>& o) {
    struct Option {
        const char* name;
        const char* type;
        const char* help;
    };
    static const Option kOptions[] = {
        {"server", "HOST", "the SMTP server (else found from the address in --login or --from)"},
        {"port", "N", "its port (else by the security mode)"},
        {"security", "MODE", "Auto, None, STARTTLS or 'SSL on connect'"},
        {"ssl", "true|false", "the older switch: true means SSL on connect"},
        {"login", "USER", "signs in as this user"},
        {"password-env", "VAR", "the password is in this environment variable (default SMTP_PASSWORD)"},
        {"oauth-credential", "NAME", "signs in with a credential saved by `rpa oauth login --save NAME`"},
        {"from", "ADDRESS", "the sender (default: --login)"},
        {"to", "ADDRESS", "also sends a test message to this address"},
        {"ca-file", "PEM", "trusts the certificates in this file too"},
        {"accept-untrusted", "true|false", "accepts a certificate nobody vouches for (dangerous)"},
        {"allow-unverified", "true|false", "uses settings found from an unverified source"},
    };
    for (const Option& opt : kOptions)
        app.add_option_function<std::string>(std::string("--") + opt.name,
                                             [&o, name = opt.name](const std::string& v) { o[name] = v; }, opt.help)
            ->type_name(opt.type);
}

void addReportOptions(CLI::App& app, std::string& lang, bool& json) {
    app.add_option("--lang", lang, "the report's language")->check(sdk::cli::oneOf({"ru", "en"}))->type_name("ru|en");
    app.add_flag("--json", json, "the result as JSON (as `rpa run --json`)");
}

const char* const kCodes = "0 the check passed, 1 it failed (the report says why), 2 usage error";

int usageError(sdk::CommandHost& host, const std::string& problem, const CLI::App& app) {
    sdk::cli::printUsageError(host.err, problem, app);
    return sdk::cli::kExitUsage;
}

}  // namespace

int checkSmtpCommand(sdk::CommandHost& host, const std::vector<std::string>& args) {
    CLI::App app("Checks SMTP settings by connecting and signing in; nothing is sent unless --to is given.", "check-smtp");
    sdk::cli::describe(app, "rpa check-smtp", kCodes, "SMTP_PASSWORD=... rpa check-smtp --login ann@example.org --lang en");
    std::map<std::string, std::string> options;
    std::string lang;
    bool json = false;
    addCheckSmtpOptions(app, options);
    addReportOptions(app, lang, json);
    if (auto done = sdk::cli::parse(app, args, host.out, host.err)) return *done;
    if (!lang.empty()) options["lang"] = lang;
    try {
        return host.runDiagram(checkSmtpDiagram(options), json);
    } catch (const std::invalid_argument& e) {
        return usageError(host, e.what(), app);
    }
}

int autoconfigCommand(sdk::CommandHost& host, const std::vector<std::string>& args) {
    CLI::App app("Finds the SMTP settings for an address (autoconfig, DNS SRV, MX); nothing is sent.", "autoconfig");
    sdk::cli::describe(app, "rpa autoconfig", "0 settings found, 1 none found, 2 usage error",
                       "rpa autoconfig ann@example.org --lang en");
    std::string address, lang;
    bool json = false;
    app.add_option("ADDRESS", address, "the email address")->type_name("")->required();
    addReportOptions(app, lang, json);
    if (auto done = sdk::cli::parse(app, args, host.out, host.err)) return *done;
    return host.runDiagram(autoconfigDiagram(address, lang), json);
}

}  // namespace mailblock::commands
