// A diagram file, parsed and validated against the loaded blocks before anything runs.
//
// Format (JSON):
//   { "name": "...",
//     "start": { "error_level": "Default", "message_level": "Debug", "language": "ru", "next": "send" },
//     "variables": { "to": "ivan@example.org" },
//     "blocks": { "send": { "type": "mail.send", "inputs": { PORT: INPUT, ... }, "next": "save", "on_error": "log" } } }
// INPUT is a literal JSON value, or {"$var": "to"}, {"$env": "SMTP_PASSWORD"}, {"$link": "send.sent_message"}.
// Secret ports take only $env or $link: a secret is never written into a diagram.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "levels.hpp"
#include "plugin_loader.hpp"

namespace mailblock::host {

struct InvalidDiagram : std::runtime_error {
    explicit InvalidDiagram(const std::vector<std::string>& problems);
    std::vector<std::string> problems;
};

struct InputSource {
    enum class Kind { Literal, Variable, Environment, Link } kind = Kind::Literal;
    sdk::Value literal;   // Literal: already converted to the port's type
    std::string name;     // Variable / Environment name
    std::string block;    // Link: source block id
    std::string port;     // Link: source output port
};

struct DiagramBlock {
    std::string id;
    const LoadedBlock* block = nullptr;
    std::map<std::string, InputSource> inputs;
    std::optional<sdk::ErrorLevel> error_level;
    std::optional<sdk::MessageLevel> message_level;
    std::string next;      // empty: the diagram ends after this block
    std::string on_error;  // error path, used with error level Handle
};

struct Diagram {
    std::string name;
    StartLevels start;
    std::string language = "ru";
    std::string first;  // the block Start leads to
    std::map<std::string, sdk::Value> variables;  // declared defaults, overridden by --var
    std::map<std::string, DiagramBlock> blocks;
    const DiagramBlock& block(const std::string& id) const { return blocks.at(id); }
};

constexpr size_t kMaxDiagramBytes = size_t{4} * 1024 * 1024;
constexpr size_t kMaxDiagramBlocks = 1000;

// Parses and validates; `overrides` are --var values (text). Reports every problem at once.
Diagram loadDiagram(const std::string& json_text, const Registry& registry,
                    const std::map<std::string, std::string>& overrides);
// A diagram a program built (rpa serve), already parsed. Nothing of it is stored, so secret ports take their
// values inline; references ($var, $env, $link) are refused: the program resolves its own.
Diagram loadProgramDiagram(const sdk::Value& root, const Registry& registry);
Diagram loadDiagramFile(const std::string& path, const Registry& registry,
                        const std::map<std::string, std::string>& overrides);

}  // namespace mailblock::host
