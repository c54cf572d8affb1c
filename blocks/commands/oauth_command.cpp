#include "commands/oauth_command.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>

#include "common/oauth/credential_store.hpp"
#include "common/oauth/loopback_listener.hpp"
#include "common/oauth/sign_in.hpp"
#include "common/oauth/token_client.hpp"
#include "mailblock/sdk/cli.hpp"

extern char** environ;

namespace mailblock::commands {

namespace {

using namespace common::oauth;

constexpr int kFailed = 1;

struct Usage : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Options {
    std::vector<std::string> positional;
    std::map<std::string, std::string> values;
    std::vector<std::string> scopes;
    std::set<std::string> flags;
};

// rpa oauth login|list|logout, declared on CLI11 (sdk/cli.hpp); parsing fills `o`.
std::unique_ptr<CLI::App> oauthApp(Options& o) {
    auto app = std::make_unique<CLI::App>(
        "Signs in to a mail provider with OAuth2 once and keeps the credential in $XDG_CONFIG_HOME/mailblock/"
        "credentials.json (mode 0600) under a NAME for the blocks' OAuth2 credential port.",
        "oauth");
    sdk::cli::describe(*app, "rpa oauth", "0 done, 1 the sign-in, the store or the revocation failed, 2 usage error",
                       "rpa oauth login --provider gmail --client-id ID --save work");
    app->require_subcommand(1, 1);
    CLI::App* login = app->add_subcommand("login", "signs in and saves the credential as NAME");
    sdk::cli::describe(*login, "rpa oauth login", "0 saved, 1 the sign-in failed, 2 usage error",
                       "rpa oauth login --provider microsoft --client-id ID --device --save work");
    struct Value {
        const char* name;
        const char* type;
        const char* help;
        bool required;
    };
    static const Value kValues[] = {
        {"provider", "NAME", "gmail, microsoft, yandex, mailru or custom", true},
        {"client-id", "ID", "the app's client id at the provider", true},
        {"save", "NAME", "the name to keep the credential under", true},
        {"client-secret", "SECRET", "the app's client secret, if it has one", false},
        {"client-secret-env", "VAR", "the client secret is in this environment variable", false},
        {"account", "ADDRESS", "the account to sign in as (a hint to the provider)", false},
        {"timeout", "SECONDS", "how long to wait for the sign-in", false},
        {"auth-url", "URL", "custom: the authorization endpoint", false},
        {"token-url", "URL", "custom: the token endpoint", false},
        {"device-url", "URL", "custom: the device authorization endpoint", false},
        {"revoke-url", "URL", "custom: the revocation endpoint", false},
    };
    for (const Value& v : kValues)
        login->add_option_function<std::string>(std::string("--") + v.name,
                                                [&o, name = v.name](const std::string& s) { o.values[name] = s; }, v.help)
            ->type_name(v.type)
            ->required(v.required);
    login->add_option("--scope", o.scopes, "asks for this scope (custom: required)")->type_name("SCOPE");
    for (auto [flag, help] : {std::pair{"device", "signs in on another device with a code (no browser here)"},
                              {"no-browser", "prints the address instead of opening a browser"}})
        login->add_flag_callback(std::string("--") + flag, [&o, name = flag] { o.flags.insert(name); }, help);
    CLI::App* list = app->add_subcommand("list", "lists the saved credentials (no token is shown)");
    sdk::cli::describe(*list, "rpa oauth list", "0 done, 1 the store cannot be read, 2 usage error", "rpa oauth list");
    CLI::App* logout = app->add_subcommand("logout", "revokes the sign-in at the provider and deletes NAME");
    sdk::cli::describe(*logout, "rpa oauth logout", "0 deleted, 1 the revocation failed (NAME is kept), 2 usage error",
                       "rpa oauth logout work");
    logout->add_option("NAME", o.positional, "the saved credential")->type_name("")->required()->expected(1);
    logout->add_flag_callback("--no-revoke", [&o] { o.flags.insert("no-revoke"); }, "deletes it here only");
    return app;
}

std::string value(const Options& o, const std::string& name) {
    auto it = o.values.find(name);
    return it == o.values.end() ? std::string() : it->second;
}

// xdg-open, only when there is a display to open a browser on; its output goes nowhere.
void openBrowser(const std::string& url) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    std::string program = "xdg-open";
    std::vector<char*> argv{program.data(), const_cast<char*>(url.c_str()), nullptr};
    pid_t pid = 0;
    posix_spawnp(&pid, "xdg-open", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
}

bool browserAvailable() {
    const char* display = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    if ((!display || !*display) && (!wayland || !*wayland)) return false;
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "";
    for (size_t start = 0; start <= dirs.size();) {
        size_t end = dirs.find(':', start);
        if (end == std::string::npos) end = dirs.size();
        std::string candidate = dirs.substr(start, end - start) + "/xdg-open";
        if (::access(candidate.c_str(), X_OK) == 0) return true;
        start = end + 1;
    }
    return false;
}

Provider providerFrom(const Options& o) {
    std::string name = value(o, "provider");
    if (name.empty()) throw Usage("--provider is required");
    if (name != "custom") {
        for (const char* opt : {"auth-url", "token-url", "device-url", "revoke-url"})
            if (o.values.count(opt)) throw Usage(std::string("--") + opt + " is only for --provider custom");
        std::optional<Provider> p = findProvider(name);
        if (!p) throw Usage("unknown provider " + name + " (gmail, microsoft, yandex, mailru or custom)");
        return *p;
    }
    Provider p;
    p.name = "custom";
    p.authorization = value(o, "auth-url");
    p.token = value(o, "token-url");
    p.device = value(o, "device-url");
    if (!value(o, "revoke-url").empty()) p.revocation = Revocation{value(o, "revoke-url"), "token", "refresh_token"};
    if ((p.authorization.empty() && !o.flags.count("device")) || p.token.empty())
        throw Usage("--provider custom needs --auth-url (or --device with --device-url) and --token-url");
    if (p.authorization.empty()) p.authorization = p.device;
    if (o.scopes.empty()) throw Usage("--provider custom needs --scope");
    return p;
}

std::string timeText(int64_t unix_seconds) {
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    if (std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0) return "?";
    return text;
}

int login(const Options& o, std::ostream& out) {
    std::string name = value(o, "save");
    if (name.empty()) throw Usage("--save NAME is required");
    if (std::string bad = checkCredentialName(name); !bad.empty()) throw Usage("--save " + name + ": " + bad);
    SignInOptions s;
    s.provider = providerFrom(o);
    s.client_id = value(o, "client-id");
    if (s.client_id.empty()) throw Usage("--client-id is required");
    s.client_secret = value(o, "client-secret");
    if (std::string var = value(o, "client-secret-env"); !var.empty()) {
        const char* secret = std::getenv(var.c_str());
        if (!secret || !*secret) throw Usage("--client-secret-env " + var + ": the variable is not set");
        s.client_secret = secret;
    }
    s.scopes = o.scopes;
    s.account = value(o, "account");
    s.device = o.flags.count("device") > 0;
    if (std::string t = value(o, "timeout"); !t.empty()) {
        if (t.find_first_not_of("0123456789") != std::string::npos || t.size() > 5 || std::stol(t) < 1)
            throw Usage("--timeout takes a number of seconds");
        s.timeout = std::chrono::seconds(std::stol(t));
    }
    s.out = &out;
    if (!o.flags.count("no-browser") && browserAvailable()) s.open_browser = openBrowser;
    CredentialStore store = CredentialStore::forUser();
    store.load();  // a store open to others is refused before anyone signs in
    Credential c = signIn(s);
    {
        StoreLock lock(store);
        StoreContents all = store.load();
        all.credentials[name] = c;
        store.save(all);
    }
    out << "Saved \"" << name << "\" (" << c.provider << ", " << c.account << ") in " << store.path()
        << "; the access token is valid until " << timeText(c.expires_at) << " and renews itself.\n"
        << "Give \"" << name << "\" to the OAuth2 credential port (oauth_credential) of Send email or Save to Sent.\n";
    return 0;
}

int list(std::ostream& out) {
    CredentialStore store = CredentialStore::forUser();
    const Credentials all = store.load().credentials;
    if (all.empty()) {
        out << "No OAuth2 credentials in " << store.path() << ".\n";
        return 0;
    }
    out << "NAME\tPROVIDER\tACCOUNT\tACCESS TOKEN\n";
    for (const auto& [name, c] : all)
        out << name << "\t" << c.provider << "\t" << c.account << "\t"
            << (c.access_token.empty() ? std::string("none cached") : "valid until " + timeText(c.expires_at)) << "\n";
    return 0;
}

bool revokeOrExplain(const Credential& c, const std::string& name) {
    try {
        return revoke(c, std::chrono::seconds(30));
    } catch (const OAuthError& e) {
        throw std::runtime_error(std::string("revocation failed (") + e.what() + "): \"" + name +
                                 "\" is kept. To delete it here only: rpa oauth logout " + name + " --no-revoke");
    }
}

int logout(const Options& o, std::ostream& out) {
    if (o.positional.size() != 1) throw Usage("rpa oauth logout takes one NAME");
    const std::string& name = o.positional[0];
    CredentialStore store = CredentialStore::forUser();
    StoreLock lock(store);
    StoreContents contents = store.load();
    Credentials& all = contents.credentials;
    auto it = all.find(name);
    if (it == all.end()) throw std::runtime_error("no OAuth2 credential \"" + name + "\" in " + store.path());
    if (o.flags.count("no-revoke")) out << "Not revoked (--no-revoke).\n";
    else if (revokeOrExplain(it->second, name)) out << "Revoked the sign-in at " << it->second.provider << ".\n";
    else out << it->second.provider << " offers no revocation endpoint: remove the app's access in the account's "
             << "security settings to revoke it there.\n";
    all.erase(it);
    store.save(contents);
    out << "Deleted \"" << name << "\" from " << store.path() << ".\n";
    return 0;
}

}  // namespace

const char* const kOAuthCommandUsage = "rpa oauth login|list|logout ...   (rpa oauth for its options)\n";

int oauthCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    Options o;
    std::unique_ptr<CLI::App> app = oauthApp(o);
    if (auto done = sdk::cli::parse(*app, args, out, err)) return *done;
    try {
        const std::string& command = sdk::cli::reached(*app).get_name();
        if (command == "login") return login(o, out);
        if (command == "list") return list(out);
        return logout(o, out);
    } catch (const Usage& e) {
        sdk::cli::printUsageError(err, e.what(), sdk::cli::reached(*app));
        return sdk::cli::kExitUsage;
    } catch (const OAuthError& e) {
        err << "rpa: sign-in failed: " << e.what() << "\n";
        return kFailed;
    } catch (const std::exception& e) {
        err << "rpa: " << e.what() << "\n";
        return kFailed;
    }
}

}  // namespace mailblock::commands
