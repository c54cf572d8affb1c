// Command-line parsing the way every rpa command behaves, on CLI11 (Debian libcli11-dev, header-only): the host's
// own commands and a plugin's commands (abi.h mb_command) share it, so `rpa X --help` and a usage error read
// the same everywhere. A command declares its options on a CLI::App (one line of help each), sets an example and
// its exit codes with describe(), and calls parse():
//   --help / -h       the command's help on standard output, exit 0
//   a usage error     one line saying what is wrong (with "did you mean" for an unknown option), then that
//                     command's usage line, on standard error, exit 2 (kExitUsage)
// Colour (a bold usage line, a red "rpa:") only on a terminal and never when NO_COLOR is set.
#pragma once

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "mailblock/sdk/suggest.hpp"

namespace mailblock::sdk::cli {

constexpr int kExitUsage = 2;

// Whether to colour what goes to a file descriptor: a terminal, and NO_COLOR unset (https://no-color.org).
inline bool colourFor(int fd) {
    const char* no_colour = std::getenv("NO_COLOR");
    return (no_colour == nullptr || *no_colour == '\0') && isatty(fd) != 0;
}

// Validators whose text stays out of the usage line (the option's type name already says "ru|en", "N").
inline CLI::Validator oneOf(std::vector<std::string> values) {
    return CLI::IsMember(std::move(values)).description("");
}
inline CLI::Validator between(unsigned low, unsigned high) { return CLI::Range(low, high).description(""); }

// One option as the usage line shows it: "[--var NAME=VALUE]...", "DIAGRAM", "[--json]".
inline std::string optionUsage(const CLI::Option& o) {
    std::string text;
    if (o.get_positional())
        text = o.get_name();
    else {
        text = o.get_lnames().empty() ? "-" + o.get_snames()[0] : "--" + o.get_lnames()[0];
        if (!o.get_type_name().empty()) text += " " + o.get_type_name();
    }
    bool many = o.get_expected_max() > 1;
    if (!o.get_required()) text = "[" + text + "]";
    return text + (many ? "..." : "");
}

// "rpa run DIAGRAM [--var NAME=VALUE]... [--json]": positionals first, then the options, --help left out, then
// the subcommands ("rpa oauth login|list|logout ...").
inline std::string usageLine(const CLI::App& app, const std::string& path) {
    std::string line = path;
    for (const CLI::Option* o : app.get_options([](const CLI::Option* o) { return o->get_positional(); }))
        line += " " + optionUsage(*o);
    for (const CLI::Option* o : app.get_options([&](const CLI::Option* o) {
             return !o->get_positional() && o != app.get_help_ptr() && !o->get_group().empty();
         }))
        line += " " + optionUsage(*o);
    std::string subcommands;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
        subcommands += (subcommands.empty() ? "" : "|") + sub->get_name();
    return subcommands.empty() ? line : line + " " + subcommands + " ...";
}

// The help CLI11 writes, with our usage line on top.
class Formatter : public CLI::Formatter {
public:
    explicit Formatter(std::string path) : path_(std::move(path)) { column_width(34); }
    std::string make_usage(const CLI::App* app, std::string) const override {
        return "usage: " + usageLine(*app, path_) + "\n";
    }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// Example and exit codes, shown after the options; `path` is how the command is typed ("rpa check-smtp").
inline void describe(CLI::App& app, const std::string& path, const std::string& exit_codes,
                     const std::string& example) {
    app.formatter(std::make_shared<Formatter>(path));
    app.set_help_flag("-h,--help", "this help");
    app.footer("Exit codes: " + exit_codes + "\nExample:\n  " + example);
}

// The command the words reached: the deepest subcommand selected (`rpa run` within `rpa`).
inline const CLI::App& reached(const CLI::App& app) {
    const CLI::App* at = &app;
    while (!at->get_subcommands().empty()) at = at->get_subcommands().front();
    return *at;
}

// How the command is typed, as describe() recorded it.
inline std::string pathOf(const CLI::App& app) {
    auto f = std::dynamic_pointer_cast<Formatter>(app.get_formatter());
    return f ? f->path() : app.get_name();
}

// The one line a usage error prints (without "rpa: "): CLI11's message, or ours with a suggestion.
inline std::string problem(const CLI::ParseError& e, const CLI::App& app) {
    std::vector<std::string> extra = app.remaining(true);
    if (!extra.empty() && extra[0].size() > 1 && extra[0][0] == '-') {
        std::vector<std::string> names;
        for (const CLI::App* at = &reached(app); at; at = at->get_parent())
            for (const CLI::Option* o : at->get_options())
                for (const auto& n : o->get_lnames()) names.push_back("--" + n);
        std::string typed = extra[0].substr(0, extra[0].find('='));
        return "unknown option " + typed + didYouMean(typed, suggestables(names));
    }
    if (!extra.empty()) return "unexpected argument \"" + extra[0] + "\"";
    return e.what();
}

// Prints a usage error: the problem, then the usage of that command only.
inline void printUsageError(std::ostream& err, const std::string& problem, const CLI::App& command) {
    bool colour = colourFor(2);
    std::string path = pathOf(command);
    err << (colour ? "\033[1;31mrpa:\033[0m " : "rpa: ") << problem << "\n"
        << (colour ? "\033[1m" : "") << "usage: " << usageLine(command, path) << (colour ? "\033[0m" : "") << "\n"
        << "(`" << path << " --help` for more)\n";
}

// Parses the words after the command name. Returns nothing to go on, or the exit status to end with (0 after
// help, kExitUsage after a usage error, both already printed).
inline std::optional<int> parse(CLI::App& app, std::vector<std::string> words, std::ostream& out, std::ostream& err) {
    try {
        std::reverse(words.begin(), words.end());  // CLI11 takes the words last first
        app.parse(words);
        return std::nullopt;
    } catch (const CLI::CallForHelp&) {
        out << app.help();
        return 0;
    } catch (const CLI::ParseError& e) {
        printUsageError(err, problem(e, app), reached(app));
        return kExitUsage;
    }
}

}  // namespace mailblock::sdk::cli
