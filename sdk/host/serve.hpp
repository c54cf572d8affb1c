// `rpa serve`: a long-lived host process that runs blocks for another engine (Node-RED, n8n, a Python host),
// speaking line-delimited JSON over stdin/stdout. The protocol: docs/serve-protocol.md.
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "plugin_loader.hpp"

namespace mailblock::host {

struct ServeOptions {
    size_t parallel = 4;  // runs executing at once; the others wait in order of arrival
    std::string version;  // the host's, for the describe event
};

// The options of `rpa serve` from its command line (--parallel N). Throws std::invalid_argument for a bad one.
ServeOptions serveOptions(const std::map<std::string, std::string>& options, std::string version);

// Serves requests from stdin until end of file or a shutdown request, then cancels what still runs and waits
// for it at most a second. Returns the exit status (0). When a block's thread is still stuck after that, the
// process ends at once (flushing stdout) rather than unload a plugin that thread is inside.
int serve(const Registry& registry, const ServeOptions& options);

}  // namespace mailblock::host
