// Runs a validated diagram: follows Start's path, feeds each block its inputs, applies error levels.
#pragma once

#include <atomic>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "diagram.hpp"
#include "run_context.hpp"

namespace mailblock::host {

struct BlockOutcome {
    std::string id;
    std::string type;
    bool ok = true;
    std::optional<sdk::BlockError> error;
    sdk::ErrorLevel error_level = sdk::ErrorLevel::Stop;  // how the failure was handled
    std::vector<sdk::Member> outputs;                     // in the order the block declares them
    double milliseconds = 0;
};

struct RunResult {
    bool completed = true;  // false: an error with level Default stopped the diagram
    std::vector<BlockOutcome> blocks;
};

struct RunOptions {
    LogSink log;
    const std::atomic<bool>* cancel = nullptr;
    // The output ports something reads later, when the caller knows better than the diagram's links (rpa serve's
    // client wires its own nodes). Null: the diagram's links decide.
    const std::set<std::string>* linked_outputs = nullptr;
};

// Never throws for a block's failure: that is an outcome. The mask learns every secret the run uses.
RunResult runDiagram(const Diagram& d, const RunOptions& options, SecretMask& mask);

}  // namespace mailblock::host
