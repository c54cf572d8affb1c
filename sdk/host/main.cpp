// rpa: the reference host. Loads block plugins and runs diagram files. Its commands and options are declared in
// cli_app.cpp (CLI11); `rpa COMMAND ...` for a command a loaded plugin provides (mailblock's check-smtp,
// autoconfig, oauth) goes to the plugin. Exit codes: cli_app.hpp.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <sstream>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "cli_app.hpp"
#include "csv.hpp"
#include "diagram.hpp"
#include "help_pages.hpp"
#include "mailing.hpp"
#include "plugin_commands.hpp"
#include "plugin_search.hpp"
#include "report.hpp"
#include "runner.hpp"
#include "serve.hpp"
#include "suggest_blocks.hpp"
#include "mailblock/sdk/cli.hpp"
#include "mailblock/sdk/json.hpp"
#include "mailblock/sdk/utf8.hpp"

namespace {

using namespace mailblock::host;
namespace sdk = mailblock::sdk;

std::atomic<bool> g_cancel{false};

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

using Args = HostArgs;

std::map<std::string, std::string> varsOf(const Args& a) {
    std::map<std::string, std::string> vars;
    for (const auto& nv : a.vars) vars[nv.substr(0, nv.find('='))] = nv.substr(nv.find('=') + 1);
    return vars;
}

void loadPlugins(Registry& registry, const Args& a) {
    std::vector<PluginCandidate> found = findPlugins(pluginLocations(a.plugins));
    if (found.empty())
        throw LoadError("no plugin found: give --plugin FILE, set MAILBLOCK_PLUGIN_PATH, or install the mailblock "
                        "package (plugins go to " MAILBLOCK_SYSTEM_PLUGIN_DIR ")");
    for (const auto& c : found) registry.load(c.path, c.source);
}

RunOptions runOptions() {
    // The first Ctrl+C asks the running block to stop (it says what became of its message); a second one ends
    // rpa at once (only async-signal-safe calls here).
    if (std::signal(SIGINT, [](int) {
            if (g_cancel.exchange(true)) _exit(130);
        }) == SIG_ERR)
        std::cerr << "rpa: Ctrl+C will stop rpa at once instead of cancelling the running block\n";
    RunOptions options;
    options.log.out = &std::cerr;
    options.log.progress_line = isatty(STDERR_FILENO) != 0;
    options.cancel = &g_cancel;
    return options;
}

int runAndReport(const Diagram& d, bool json) {
    SecretMask mask;
    RunResult r = runDiagram(d, runOptions(), mask);
    if (json) std::cout << resultJson(r, mask) << "\n";
    else printOutcomes(std::cout, r, mask);
    return r.completed ? 0 : kExitStopped;
}

// A plugin command's diagram (check-smtp, autoconfig) as a report on standard output: the block's log lines as
// they are, then a stopping error's text; without the framing of `rpa run` (block ids, timings,
// "diagram completed"), which --verbose brings back.
int runAsReport(const Diagram& d) {
    SecretMask mask;
    RunOptions options = runOptions();
    options.log.line = [](int level, const std::string& line) {
        std::cout << (level == MB_LOG_WARNING ? "warning: " : "") << line << std::endl;
    };
    RunResult r = runDiagram(d, options, mask);
    for (const auto& b : r.blocks)
        if (!b.ok && !r.completed) std::cout << mask.apply(sdk::utf8::repaired(b.error->text())) << "\n";
    return r.completed ? 0 : kExitStopped;
}

// --each: a mailing, the diagram once per CSV row (mailing.hpp).
int runEach(const Args& a, Registry& registry) {
    MailingOptions m = a.mailing;
    m.diagram_path = a.diagram;
    m.csv_path = a.each;
    m.json = a.json;
    m.vars = varsOf(a);
    try {
        return runMailing(m, registry, runOptions(), g_cancel, std::cout, std::cerr);
    } catch (const CsvError& e) {
        throw UsageError(a.each + ": " + e.what());
    }
}

int run(const Args& a, Registry& registry) {
    if (!a.each.empty()) return runEach(a, registry);
    return runAndReport(loadDiagramFile(a.diagram, registry, varsOf(a)), a.json);
}

const LoadedBlock& findBlock(const Registry& registry, const std::string& id, const std::string& lang) {
    if (const LoadedBlock* b = registry.find(id)) return *b;
    throw UsageError("no block \"" + id + "\"" + sdk::didYouMean(id, blockSuggestables(registry, lang), lang) +
                     " (`rpa blocks` lists them)");
}

// `rpa docs`: help pages to stdout, or one file per block into --out.
int docs(const Args& a, const Registry& registry) {
    PageFormat format = a.format == "html" ? PageFormat::Html : PageFormat::Markdown;
    std::vector<const LoadedBlock*> blocks = registry.all();
    if (!a.block.empty()) blocks = {&findBlock(registry, a.block, a.lang)};
    if (!a.out_dir.empty()) std::filesystem::create_directories(a.out_dir);
    for (const auto* b : blocks) {
        std::string page = helpPage(b->descriptor, a.lang, format);
        if (a.out_dir.empty()) {
            std::cout << page;
            continue;
        }
        std::string path = a.out_dir + "/" + helpFileName(b->descriptor.id, a.lang, format);
        std::ofstream file(path, std::ios::binary);
        file << page;
        if (!file.flush()) throw std::runtime_error("cannot write " + path);
        std::cerr << "rpa: wrote " << path << "\n";
    }
    return 0;
}

// Where auto-setup looks (blocks read these from the environment): the tests point them at loopback.
void setEnvironmentOptions(const Args& a) {
    if (!a.autoconfig_url.empty()) setenv("MAILBLOCK_AUTOCONFIG_URL", a.autoconfig_url.c_str(), 1);
    if (!a.dns_server.empty()) setenv("MAILBLOCK_DNS_SERVER", a.dns_server.c_str(), 1);
}

int blocks(const Args& a, const Registry& registry) {
    if (!a.json) {
        for (const auto* b : registry.all())
            std::cout << b->descriptor.id << "\t" << b->descriptor.title.in(a.lang) << "\t" << b->plugin_path << "\t("
                      << b->source << ")\n";
        return 0;
    }
    std::vector<sdk::Value> list;
    for (const auto* b : registry.all())
        list.push_back(sdk::Value::dictionary(
            {{"id", sdk::Value::text(b->descriptor.id)},
             {"title", sdk::Value::dictionary({{"ru", sdk::Value::text(b->descriptor.title.ru)},
                                               {"en", sdk::Value::text(b->descriptor.title.en)}})},
             {"plugin", sdk::Value::text(b->plugin_path)},
             {"source", sdk::Value::text(b->source)}}));
    std::cout << sdk::json::write(sdk::Value::list(std::move(list)), sdk::json::Form::Plain) << "\n";
    return 0;
}

// The words of the command line, and where the command word is in them (options may come first:
// `rpa --plugin P docs`); words.size() when there is none.
size_t commandIndex(const std::vector<std::string>& words) {
    size_t i = 0;
    while (i < words.size() && words[i].rfind('-', 0) == 0) i += hostValueOption(words[i]) ? 2 : 1;
    return std::min(i, words.size());
}

// `rpa NAME ARGS...` for a command of a loaded plugin: the host takes out only its own options (--plugin, the
// environment ones and --verbose); the command parses the rest itself (sdk/cli.hpp).
int pluginCommand(const std::string& name, const std::vector<std::string>& words) {
    Args a;
    std::vector<std::string> args;
    bool verbose = false;  // a diagram the command runs is shown as `rpa run` shows it
    for (size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i];
        if (w == "--verbose") {
            verbose = true;
            continue;
        }
        if (!hostValueOption(w)) {
            args.push_back(w);
            continue;
        }
        if (i + 1 >= words.size()) throw UsageError(w + " needs a value");
        if (w == "--plugin") a.plugins.push_back(words[++i]);
        else (w == "--autoconfig-url" ? a.autoconfig_url : a.dns_server) = words[++i];
    }
    setEnvironmentOptions(a);
    Registry registry;
    loadPlugins(registry, a);
    const mb_command* command = registry.command(name);
    if (!command) {
        std::vector<std::string> names = hostCommandNames();
        for (const auto& p : registry.plugins())
            for (const mb_command* c : p->commands()) names.push_back(c->name);
        throw UsageError("unknown command " + name + sdk::didYouMean(name, sdk::suggestables(names)));
    }
    auto run = [&](const std::string& diagram, bool json) {
        Diagram d = loadDiagram(diagram, registry, {});
        return json || verbose ? runAndReport(d, json) : runAsReport(d);
    };
    return runPluginCommand(*command, args, run, std::cout, std::cerr);
}

// `rpa help`, `rpa --help`: rpa's help and the loaded plugins' commands (when a plugin can be loaded).
int help(const CLI::App& app, const Args& a) {
    std::cout << app.get_formatter()->make_help(&app, "", CLI::AppFormatMode::Normal);  // rpa's, not `help`'s
    try {
        Registry registry;
        loadPlugins(registry, a);
        std::string usage = pluginCommandsUsage(registry);
        if (!usage.empty())
            std::cout << "\nCommands of the loaded plugins (`rpa COMMAND --help`; with --verbose, a diagram a command runs\n"
                         "is shown as `rpa run` shows it):\n"
                      << usage;
    } catch (const LoadError&) {
    }
    return 0;
}

int dispatch(CLI::App& app, const Args& a) {
    if (a.version) {
        std::cout << "rpa " << MAILBLOCK_VERSION << " (ABI " << MAILBLOCK_ABI_MAJOR << "." << MAILBLOCK_ABI_MINOR << ")\n";
        return 0;
    }
    const CLI::App& reached = sdk::cli::reached(app);
    std::string command = &reached == &app ? "" : reached.get_name();
    if (command == "help") return help(app, a);
    if (command.empty()) {
        sdk::cli::printUsageError(std::cerr, "no command given (`rpa help` lists them)", app);
        return kExitInvalidInput;
    }
    setEnvironmentOptions(a);
    Registry registry;
    loadPlugins(registry, a);
    if (command == "run") return run(a, registry);
    if (command == "serve") {
        try {
            return serve(registry, serveOptions(a.serve, MAILBLOCK_VERSION));
        } catch (const std::invalid_argument& e) {
            throw UsageError(e.what());
        }
    }
    if (command == "blocks") return blocks(a, registry);
    if (command == "describe") {
        const LoadedBlock& b = findBlock(registry, a.block, a.lang);
        if (a.json) std::cout << descriptionJson(b.descriptor);
        else printDescription(std::cout, b.descriptor, a.lang);
        return 0;
    }
    if (command == "docs") return docs(a, registry);
    std::cout << manifestJson(registry);  // manifest
    return 0;
}

int rpaMain(std::vector<std::string> words) {
    Args a;
    std::unique_ptr<CLI::App> app = hostApp(a);
    size_t at = commandIndex(words);
    if (at + 1 < words.size() && words[at] == "help" && words[at + 1].rfind('-', 0) != 0) {
        words.erase(words.begin() + static_cast<std::ptrdiff_t>(at));  // `rpa help X` is `rpa X --help`
        words.insert(words.begin() + static_cast<std::ptrdiff_t>(at) + 1, "--help");
    }
    bool host = at == words.size();
    for (const auto& n : hostCommandNames()) host = host || words[at] == n;
    if (!host) {
        std::vector<std::string> rest(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(at));
        rest.insert(rest.end(), words.begin() + static_cast<std::ptrdiff_t>(at) + 1, words.end());
        return pluginCommand(words[at], rest);
    }
    try {
        std::vector<std::string> reversed(words.rbegin(), words.rend());
        app->parse(reversed);
    } catch (const CLI::CallForHelp&) {
        if (&sdk::cli::reached(*app) == app.get()) return help(*app, a);
        std::cout << app->help();
        return 0;
    } catch (const CLI::ParseError& e) {
        sdk::cli::printUsageError(std::cerr, sdk::cli::problem(e, *app), sdk::cli::reached(*app));
        return kExitInvalidInput;
    }
    try {
        return dispatch(*app, a);
    } catch (const UsageError& e) {
        sdk::cli::printUsageError(std::cerr, e.what(), sdk::cli::reached(*app));
        return kExitInvalidInput;
    }
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return rpaMain(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const UsageError& e) {
        std::cerr << "rpa: " << e.what() << "\n(`rpa help` lists the commands)\n";
        return kExitInvalidInput;
    } catch (const InvalidDiagram& e) {
        std::cerr << "rpa: " << e.what() << "\n";
        return kExitInvalidInput;
    } catch (const std::exception& e) {
        std::cerr << "rpa: " << e.what() << "\n";
        return kExitPluginFailure;
    }
}
