// A plugin for the diagram fuzz target: the real mail.send and mail.save_to_sent descriptors (their describe()
// functions, through the real C ABI and descriptor JSON), with blocks that refuse to run. The real
// libmailblock.so is not loaded instead because it links with --no-undefined, which a sanitizer build of a
// shared library cannot satisfy; and the fuzz target must never open a socket.
#include <stdexcept>

#include "mailblock/sdk/plugin.hpp"
#include "save_to_sent/descriptor.hpp"
#include "send_email/descriptor.hpp"

namespace {
void refuse(mailblock::sdk::Context&) { throw std::logic_error("the fuzzing descriptor plugin does not run blocks"); }
}  // namespace

extern "C" MAILBLOCK_EXPORT const mb_plugin* mailblock_plugin_entry(uint32_t host_abi_major) {
    using namespace mailblock;
    return sdk::pluginTable(
        host_abi_major, "mailblock.fuzz", "0.0.0",
        [] {
            return std::vector<mb_block_factory>{sdk::blockFactory<&send_email::describe, &refuse>(),
                                                 sdk::blockFactory<&save_to_sent::describe, &refuse>()};
        },
        nullptr);
}
