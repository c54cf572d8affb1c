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
#include "run_scope.hpp"

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

// What each block's input ports were given last time, converted and in wire form: a mailing runs the same diagram
// for every row and most ports keep their value, so only the ports whose value changed are converted and written
// again. A host that runs one diagram many times keeps one across the runs (RunOptions::inputs).
class InputCache {
public:
    struct Port {
        bool converted = false;
        sdk::Value raw;       // as the diagram gave it (or the default)
        sdk::Value value;     // converted to the port's type; Null when unset or refused
        std::string problem;  // why the value was refused, naming the port; empty when it was not
    };
    struct Block {
        std::vector<Port> ports;  // in the order of the block's descriptor
        PortInputs given;  // the ports with a value
        // Where each port's value comes from (null: its default), found once for `of`: the diagram's blocks stay
        // in place between runs and their sources are only given new values (a mailing binds each row's
        // Message-ID), so the map is not searched 50 times a row.
        const DiagramBlock* of = nullptr;
        size_t sources_given = 0;  // of->inputs.size() when they were found
        std::vector<const InputSource*> sources;
    };
    Block& block(const std::string& id) { return blocks_[id]; }

private:
    std::map<std::string, Block> blocks_;
};

struct RunOptions {
    LogSink log;
    const std::atomic<bool>* cancel = nullptr;
    // The run scope to run in (a long-lived host keeps one open across several calls and ends it itself). When
    // null, the run has a scope of its own, ended before runDiagram returns: what the plugins kept for it (secret
    // handles, spool files named in the outputs) is gone by then.
    RunScope* scope = nullptr;
    // The output ports something reads later, when the caller knows better than the diagram's links (rpa serve's
    // client wires its own nodes). Null: the diagram's links decide.
    const std::set<std::string>* linked_outputs = nullptr;
    // False when the caller shows no output (a mailing counts outcomes): only outputs a later block reads are
    // wanted, and a block may skip making the others (mb_host_api.output_wanted).
    bool outputs_reported = true;
    // Kept across runs of the same diagram (a mailing's rows). Null: the run converts every input itself.
    InputCache* inputs = nullptr;
};

// Never throws for a block's failure: that is an outcome. The mask learns every secret the run uses.
RunResult runDiagram(const Diagram& d, const RunOptions& options, SecretMask& mask);

}  // namespace mailblock::host
