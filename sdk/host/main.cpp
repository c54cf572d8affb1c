// rpa: the reference host. Loads block plugins and runs diagram files.
//   rpa run DIAGRAM.json [--plugin PATH]... [--var NAME=VALUE]... [--json]
//   rpa blocks | rpa describe BLOCK_ID [--lang ru|en] | rpa manifest | rpa check-smtp ... | rpa --version
// Exit codes: 0 completed, 1 stopped by an unhandled block error, 2 invalid diagram, 3 usage or plugin error.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "check_smtp.hpp"
#include "oauth_command.hpp"
#include "csv.hpp"
#include "diagram.hpp"
#include "help_pages.hpp"
#include "mailing.hpp"
#include "plugin_search.hpp"
#include "report.hpp"
#include "runner.hpp"

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
    std::map<std::string, std::string> options;  // --name value pairs of check-smtp
    std::string each;                             // --each rows.csv
    MailingOptions mailing;                       // --journal, --journal-sync, --resend-unknown (with --each)
    bool json = false;
    std::string lang = "ru";
};

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

const char* kUsage =
    "usage: rpa run DIAGRAM.json [--plugin PATH]... [--var NAME=VALUE]... [--json]\n"
    "               [--each ROWS.csv [--journal FILE|off] [--journal-sync row|os] [--resend-unknown]]\n"
    "       rpa blocks [--plugin PATH]...\n"
    "       rpa describe BLOCK_ID [--lang ru|en] [--plugin PATH]...\n"
    "       rpa manifest [--plugin PATH]...\n"
    "       rpa docs [BLOCK_ID] [--lang ru|en] [--format md|html] [--out DIR] [--plugin PATH]...\n"
    "       rpa check-smtp [--server HOST] [--port N] [--security Auto|None|STARTTLS|'SSL on connect'] [--ssl true]\n"
    "                      [--login USER [--password-env VAR]] [--from ADDR] [--to ADDR] [--ca-file PEM] [--lang en]\n"
    "                      [--oauth-credential NAME] [--allow-unverified true]  (without --server: the settings\n"
    "                      are found from the address in --login or --from)\n"
    "       rpa autoconfig ADDRESS [--json] [--lang en]   (the settings found for an address; nothing is sent)\n"
    "       (run, check-smtp, autoconfig: --autoconfig-url URL-TEMPLATE and --dns-server HOST:PORT set where\n"
    "        auto-setup looks, like MAILBLOCK_AUTOCONFIG_URL and MAILBLOCK_DNS_SERVER)\n"
    "       rpa oauth login|list|logout ...   (rpa oauth for its options)\n"
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
        else if (s == "--journal") a.mailing.journal_path = value();
        else if (s == "--resend-unknown") a.mailing.resend_unknown = true;
        else if (s == "--journal-sync") {
            std::string sync = value();
            if (sync != "row" && sync != "os") throw UsageError("--journal-sync takes row or os");
            a.mailing.journal_sync = sync == "row" ? Journal::Sync::Row : Journal::Sync::Os;
        }
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

// --each: a mailing, the diagram once per CSV row (mailing.hpp).
int runEach(const Args& a, Registry& registry) {
    MailingOptions m = a.mailing;
    m.diagram_path = a.positional[0];
    m.csv_path = a.each;
    m.json = a.json;
    m.vars = a.vars;
    try {
        return runMailing(m, registry, runOptions(), g_cancel, std::cout, std::cerr);
    } catch (const CsvError& e) {
        throw UsageError(a.each + ": " + e.what());
    }
}

int run(const Args& a, Registry& registry) {
    if (a.positional.size() != 1) throw UsageError("rpa run takes one diagram file");
    if (!a.each.empty()) return runEach(a, registry);
    if (!a.mailing.journal_path.empty() || a.mailing.resend_unknown)
        throw UsageError("--journal and --resend-unknown go with --each");
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

int dispatch(const Args& a) {
    if (a.command == "--version") {
        std::cout << "rpa " << MAILBLOCK_VERSION << " (ABI " << MAILBLOCK_ABI_MAJOR << "." << MAILBLOCK_ABI_MINOR << ")\n";
        return 0;
    }
    std::map<std::string, std::string> options = a.options;
    // Where auto-setup looks (blocks read these from the environment): the tests point them at loopback.
    for (auto [option, env] : {std::pair{"autoconfig-url", "MAILBLOCK_AUTOCONFIG_URL"}, {"dns-server", "MAILBLOCK_DNS_SERVER"}})
        if (auto it = options.find(option); it != options.end()) {
            setenv(env, it->second.c_str(), 1);
            options.erase(it);
        }
    if (!options.empty() && a.command != "check-smtp" && a.command != "docs")
        throw UsageError("unknown option --" + options.begin()->first);
    Registry registry;
    loadPlugins(registry, a);
    if (a.command == "run") return run(a, registry);
    if (a.command == "check-smtp") {
        if (a.lang != "ru") options["lang"] = a.lang;
        try {
            return runAndReport(loadDiagram(checkSmtpDiagram(options), registry, {}), a.json);
        } catch (const std::invalid_argument& e) {
            throw UsageError(e.what());
        }
    }
    if (a.command == "autoconfig") {
        if (a.positional.size() != 1) throw UsageError("rpa autoconfig takes one address");
        return runAndReport(loadDiagram(autoconfigDiagram(a.positional[0], a.lang), registry, {}), a.json);
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
        printDescription(std::cout, b->descriptor, a.lang);
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
        // `rpa oauth` has its own options (flags without values) and needs no plugin.
        if (argc > 1 && std::string(argv[1]) == "oauth")
            return oauthCommand(std::vector<std::string>(argv + 2, argv + argc), std::cout, std::cerr);
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
