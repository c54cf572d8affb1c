// rpa: the reference host. Loads block plugins and runs diagram files.
//   rpa run DIAGRAM.json [--plugin PATH]... [--var NAME=VALUE]... [--json]
//   rpa blocks | rpa describe BLOCK_ID [--lang ru|en] | rpa manifest | rpa serve | rpa help | rpa --version
//   rpa COMMAND ... for a command a loaded plugin provides (mailblock's check-smtp, autoconfig, oauth)
// Exit codes: 0 completed, 1 stopped by an unhandled block error, 2 invalid diagram, 3 usage or plugin error.
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

#include "csv.hpp"
#include "diagram.hpp"
#include "help_pages.hpp"
#include "plugin_commands.hpp"
#include "plugin_search.hpp"
#include "report.hpp"
#include "runner.hpp"
#include "serve.hpp"

namespace {

using namespace mailblock::host;

constexpr int kExitStopped = 1;
constexpr int kExitInvalidDiagram = 2;
constexpr int kExitUsage = 3;

std::atomic<bool> g_cancel{false};

struct Args {
    std::string command;
    std::vector<std::string> positional;
    std::vector<std::string> plugins;
    std::map<std::string, std::string> vars;
    std::map<std::string, std::string> options;  // --name value pairs of docs and serve
    std::string each;                             // --each rows.csv
    bool json = false;
    std::string lang = "ru";
};

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

const char* kUsage =
    "usage: rpa run DIAGRAM.json [--plugin PATH]... [--var NAME=VALUE]... [--each ROWS.csv] [--json]\n"
    "       rpa blocks [--plugin PATH]...\n"
    "       rpa describe BLOCK_ID [--lang ru|en] [--json] [--plugin PATH]...\n"
    "       rpa manifest [--plugin PATH]...\n"
    "       rpa docs [BLOCK_ID] [--lang ru|en] [--format md|html] [--out DIR] [--plugin PATH]...\n"
    "       rpa COMMAND ... [--plugin PATH]...   a command of a loaded plugin; `rpa help` lists them\n"
    "       rpa help [--plugin PATH]...   this text and the loaded plugins' commands\n"
    "       (run and plugin commands: --autoconfig-url URL-TEMPLATE and --dns-server HOST:PORT set where\n"
    "        auto-setup looks, like MAILBLOCK_AUTOCONFIG_URL and MAILBLOCK_DNS_SERVER)\n"
    "       rpa serve [--parallel N] [--plugin PATH]...   (runs blocks for an engine: docs/serve-protocol.md)\n"
    "       rpa --version\n";

Args parseArgs(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        std::string s = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw UsageError(s + " needs a value");
            return argv[++i];
        };
        if (s == "--plugin") a.plugins.push_back(value());
        else if (s == "--var") {
            std::string nv = value();
            size_t eq = nv.find('=');
            if (eq == std::string::npos || eq == 0) throw UsageError("--var takes NAME=VALUE, got " + nv);
            a.vars[nv.substr(0, eq)] = nv.substr(eq + 1);
        } else if (s == "--json") a.json = true;
        else if (s == "--each") a.each = value();
        else if (s == "--lang") {
            a.lang = value();
            if (a.lang != "ru" && a.lang != "en") throw UsageError("--lang takes ru or en");
        } else if (s.rfind("--", 0) == 0 && s != "--version") {
            a.options[s.substr(2)] = value();
        }
        else if (a.command.empty()) a.command = s;
        else a.positional.push_back(s);
    }
    return a;
}

void loadPlugins(Registry& registry, const Args& a) {
    std::vector<PluginCandidate> found = findPlugins(pluginLocations(a.plugins));
    if (found.empty())
        throw LoadError("no plugin found: give --plugin FILE, set MAILBLOCK_PLUGIN_PATH, or install the mailblock "
                        "package (plugins go to " MAILBLOCK_SYSTEM_PLUGIN_DIR ")");
    for (const auto& c : found) registry.load(c.path, c.source);
}

RunOptions runOptions() {
    if (std::signal(SIGINT, [](int) { g_cancel = true; }) == SIG_ERR)
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

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UsageError("cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// --each: the diagram once per CSV row, each column a variable. Every row is validated before any runs, so a
// bad row 900 does not stop a mailing half way. One process for all rows: blocks may reuse connections.
int runEach(const Args& a, Registry& registry) {
    std::vector<std::map<std::string, std::string>> rows;
    try {
        rows = parseCsvRows(readFile(a.each));
    } catch (const CsvError& e) {
        throw UsageError(a.each + ": " + e.what());
    }
    std::string diagram = readFile(a.positional[0]);
    std::vector<Diagram> diagrams;
    for (size_t i = 0; i < rows.size(); ++i) {
        std::map<std::string, std::string> vars = a.vars;
        for (const auto& [k, v] : rows[i]) vars[k] = v;
        try {
            diagrams.push_back(loadDiagram(diagram, registry, vars));
        } catch (const InvalidDiagram& e) {
            std::vector<std::string> problems;
            for (const auto& p : e.problems) problems.push_back("row " + std::to_string(i + 1) + ": " + p);
            throw InvalidDiagram(problems);
        }
    }
    size_t stopped = 0;
    if (a.json) std::cout << "[";
    for (size_t i = 0; i < diagrams.size() && !g_cancel; ++i) {
        SecretMask mask;
        RunResult r = runDiagram(diagrams[i], runOptions(), mask);
        if (!r.completed) ++stopped;
        if (a.json) std::cout << (i ? ",\n" : "\n") << resultJson(r, mask);
        else if (!r.completed) {
            std::cout << "row " << i + 1 << ":\n";
            printOutcomes(std::cout, r, mask);
        }
    }
    if (a.json) std::cout << "\n]\n";
    std::cerr << "rpa: " << diagrams.size() << " rows: " << diagrams.size() - stopped << " completed, " << stopped
              << " stopped by an error\n";
    return stopped == 0 ? 0 : kExitStopped;
}

int run(const Args& a, Registry& registry) {
    if (a.positional.size() != 1) throw UsageError("rpa run takes one diagram file");
    if (!a.each.empty()) return runEach(a, registry);
    return runAndReport(loadDiagramFile(a.positional[0], registry, a.vars), a.json);
}

// `rpa docs`: help pages to stdout, or one file per block into --out.
int docs(const Args& a, const Registry& registry) {
    PageFormat format = PageFormat::Markdown;
    std::string out_dir;
    for (const auto& [name, value] : a.options) {
        if (name == "format" && (value == "md" || value == "html")) format = value == "md" ? PageFormat::Markdown : PageFormat::Html;
        else if (name == "format") throw UsageError("--format takes md or html");
        else if (name == "out") out_dir = value;
        else throw UsageError("unknown option --" + name);
    }
    if (a.positional.size() > 1) throw UsageError("rpa docs takes at most one block id");
    std::vector<const LoadedBlock*> blocks = registry.all();
    if (!a.positional.empty()) {
        const LoadedBlock* b = registry.find(a.positional[0]);
        if (!b) throw UsageError("no block \"" + a.positional[0] + "\"; `rpa blocks` lists them");
        blocks = {b};
    }
    if (!out_dir.empty()) std::filesystem::create_directories(out_dir);
    for (const auto* b : blocks) {
        std::string page = helpPage(b->descriptor, a.lang, format);
        if (out_dir.empty()) {
            std::cout << page;
            continue;
        }
        std::string path = out_dir + "/" + helpFileName(b->descriptor.id, a.lang, format);
        std::ofstream file(path, std::ios::binary);
        file << page;
        if (!file.flush()) throw std::runtime_error("cannot write " + path);
        std::cerr << "rpa: wrote " << path << "\n";
    }
    return 0;
}

// Where auto-setup looks (blocks read these from the environment): the tests point them at loopback. Removes
// them from `options`.
void takeEnvironmentOptions(std::map<std::string, std::string>& options) {
    for (auto [option, env] : {std::pair{"autoconfig-url", "MAILBLOCK_AUTOCONFIG_URL"}, {"dns-server", "MAILBLOCK_DNS_SERVER"}})
        if (auto it = options.find(option); it != options.end()) {
            setenv(env, it->second.c_str(), 1);
            options.erase(it);
        }
}

bool hostCommand(const std::string& name) {
    for (const char* c : {"run", "blocks", "describe", "manifest", "docs", "serve", "help", "--version"})
        if (name == c) return true;
    return false;
}

// Where the command word is, read as parseArgs reads it (options may come first: `rpa --plugin P docs`); argc
// when there is none.
int commandIndex(int argc, char** argv) {
    int i = 1;
    while (i < argc && std::string(argv[i]).rfind("--", 0) == 0 && std::string(argv[i]) != "--version")
        i += std::string(argv[i]) == "--json" ? 1 : 2;
    return i < argc ? i : argc;
}

// `rpa NAME ARGS...` for a command of a loaded plugin: the host takes out only its own options (--plugin and the
// environment ones); the command reads the rest as it likes (flags without values included).
int pluginCommand(const std::string& name, const std::vector<std::string>& words) {
    Args a;
    std::map<std::string, std::string> env_options;
    std::vector<std::string> args;
    for (size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i];
        bool host_option = w == "--plugin" || w == "--autoconfig-url" || w == "--dns-server";
        if (!host_option) {
            args.push_back(w);
            continue;
        }
        if (i + 1 >= words.size()) throw UsageError(w + " needs a value");
        if (w == "--plugin") a.plugins.push_back(words[++i]);
        else env_options[w.substr(2)] = words[++i];
    }
    takeEnvironmentOptions(env_options);
    Registry registry;
    loadPlugins(registry, a);
    const mb_command* command = registry.command(name);
    if (!command) throw UsageError("unknown command " + name + "\n" + pluginCommandsUsage(registry));
    auto run = [&](const std::string& diagram, bool json) { return runAndReport(loadDiagram(diagram, registry, {}), json); };
    return runPluginCommand(*command, args, run, std::cout, std::cerr);
}

int dispatch(const Args& a) {
    if (a.command == "--version") {
        std::cout << "rpa " << MAILBLOCK_VERSION << " (ABI " << MAILBLOCK_ABI_MAJOR << "." << MAILBLOCK_ABI_MINOR << ")\n";
        return 0;
    }
    std::map<std::string, std::string> options = a.options;
    takeEnvironmentOptions(options);
    if (!options.empty() && a.command != "docs" && a.command != "serve")
        throw UsageError("unknown option --" + options.begin()->first);
    Registry registry;
    loadPlugins(registry, a);
    if (a.command == "run") return run(a, registry);
    if (a.command == "serve") return serve(registry, serveOptions(options, MAILBLOCK_VERSION));
    if (a.command == "help") {
        std::cout << kUsage << pluginCommandsUsage(registry);
        return 0;
    }
    if (a.command == "blocks") {
        for (const auto* b : registry.all())
            std::cout << b->descriptor.id << "\t" << b->descriptor.title.in(a.lang) << "\t" << b->plugin_path << "\t("
                      << b->source << ")\n";
        return 0;
    }
    if (a.command == "describe") {
        if (a.positional.size() != 1) throw UsageError("rpa describe takes one block id");
        const LoadedBlock* b = registry.find(a.positional[0]);
        if (!b) throw UsageError("no block \"" + a.positional[0] + "\"; `rpa blocks` lists them");
        if (a.json) std::cout << descriptionJson(b->descriptor);
        else printDescription(std::cout, b->descriptor, a.lang);
        return 0;
    }
    if (a.command == "docs") return docs(a, registry);
    if (a.command == "manifest") {
        std::cout << manifestJson(registry);
        return 0;
    }
    throw UsageError(a.command.empty() ? "no command given" : "unknown command " + a.command);
}

}  // namespace

int main(int argc, char** argv) {
    try {
        if (int at = commandIndex(argc, argv); at < argc && !hostCommand(argv[at])) {
            std::vector<std::string> words(argv + 1, argv + at);
            words.insert(words.end(), argv + at + 1, argv + argc);
            return pluginCommand(argv[at], words);
        }
        return dispatch(parseArgs(argc, argv));
    } catch (const UsageError& e) {
        std::cerr << "rpa: " << e.what() << "\n" << kUsage;
        return kExitUsage;
    } catch (const InvalidDiagram& e) {
        std::cerr << "rpa: " << e.what() << "\n";
        return kExitInvalidDiagram;
    } catch (const LoadError& e) {
        std::cerr << "rpa: " << e.what() << "\n";
        return kExitUsage;
    } catch (const std::exception& e) {
        std::cerr << "rpa: " << e.what() << "\n";
        return kExitUsage;
    }
}
