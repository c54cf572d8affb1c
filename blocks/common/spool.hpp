// Temporary files that hold big messages, so neither sending nor the Sent message output keeps them in memory.
// They live until the plugin shuts down (the end of the host's run), then are removed.
#pragma once

#include <fstream>
#include <string>

namespace mailblock::common {

// Creates an empty spool file (mode 0600, under $TMPDIR or /tmp), opens it for writing, returns its path.
// Throws std::runtime_error when no file can be made.
std::string createSpoolFile(std::ofstream& out);

// Removes every spool file this process created.
void removeSpoolFiles();

}  // namespace mailblock::common
