// The host's side of one block execution: what mb_host_api's functions read and write.
#pragma once

#include <atomic>
#include <functional>
#include <iosfwd>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mailblock/abi.h"
#include "mailblock/sdk/context.hpp"
#include "mailblock/sdk/descriptor.hpp"
#include "mailblock/sdk/error.hpp"

namespace mailblock::host {

// Replaces every secret value (and its JSON-escaped form) in a text by ***.
class SecretMask {
public:
    void add(const std::string& secret);
    std::string apply(std::string text) const;

private:
    std::vector<std::string> secrets_;
};

// Port ids ordered by length first: most comparisons of a lookup end there, without comparing bytes.
struct PortOrder {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const {
        return a.size() != b.size() ? a.size() < b.size() : a.compare(b) < 0;
    }
};
// A port's value as a running block reads it: in wire JSON (mb_host_api.input) and, when it is text, as the text
// itself (input_text), from the converted value the host keeps for the port (InputCache).
struct PortInput {
    std::string wire;
    const sdk::Value* value = nullptr;  // null: only the wire form is known
};
using PortInputs = std::map<std::string, PortInput, PortOrder>;

// Where block log lines go; the sink prefixes them with the block id.
struct LogSink {
    std::ostream* out = nullptr;
    bool progress_line = false;  // stderr is a terminal: show a progress line for long sends
    // Instead of `out` (rpa serve): each line the message level shows, masked, with its MB_LOG_* level, and each
    // progress report. Called on the block's thread.
    std::function<void(int level, const std::string& masked_line)> line;
    std::function<void(uint64_t done, uint64_t total)> progress;
};

// The table of host functions handed to every block (static; the state is in mb_run_context). None of them
// throws: a plugin calls them from its own code and must never see a host's exception.
const mb_host_api* hostApi();

}  // namespace mailblock::host

// Declared opaque in abi.h; only the host sees inside.
struct mb_run_context {
    std::string block_id;
    const mailblock::sdk::BlockDescriptor* descriptor = nullptr;
    mailblock::host::PortInputs inputs;
    std::map<std::string, mailblock::sdk::Value> outputs;
    std::set<std::string> linked_outputs;  // output ports some later block reads
    bool outputs_reported = true;          // the host shows every output; false: only the linked ones are read
    std::optional<mailblock::sdk::BlockError> error;
    mailblock::sdk::ErrorLevel error_level = mailblock::sdk::ErrorLevel::Stop;
    mailblock::sdk::MessageLevel message_level = mailblock::sdk::MessageLevel::Release;
    std::string language = "ru";
    const mailblock::host::SecretMask* mask = nullptr;
    const mailblock::host::LogSink* sink = nullptr;
    const std::atomic<bool>* cancel = nullptr;
    uint64_t run_scope = 0;  // the run scope (abi.h) this execution belongs to
    const std::map<std::string, mailblock::sdk::Value>* variables = nullptr;  // the diagram's, for variable()
    std::map<std::string, std::string> variables_read;  // wire form of those a block asked for (borrowed by it)
    uint64_t last_progress_shown = 0;
};
