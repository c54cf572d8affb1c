// Temporary files that hold big messages, so neither sending nor the Sent message output keeps them in memory.
// Each belongs to the run scope (abi.h, "Run scopes") of the block that made it and is removed when that scope
// ends; files of scope 0 (a host without scopes) and any still there at shutdown are removed then.
#pragma once

#include <cstdint>
#include <fstream>
#include <string>

namespace mailblock::common {

// Creates an empty spool file (mode 0600, under $TMPDIR or /tmp) for `run_scope`, opens it for writing,
// returns its path. Throws std::runtime_error when no file can be made. Thread-safe.
std::string createSpoolFile(std::ofstream& out, uint64_t run_scope);

// Removes the spool files of one run scope. Thread-safe, never throws.
void removeSpoolFiles(uint64_t run_scope) noexcept;

// Removes every spool file this process created (at shutdown). Thread-safe, never throws.
void removeSpoolFiles() noexcept;

}  // namespace mailblock::common
