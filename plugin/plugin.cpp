// The mailblock plugin: registers its blocks through the one exported C entry point.
#include "mailblock/sdk/plugin.hpp"
#include "save_to_sent/descriptor.hpp"
#include "save_to_sent/save_to_sent_block.hpp"
#include "send_email/descriptor.hpp"
#include "send_email/send_email_block.hpp"

extern "C" MAILBLOCK_EXPORT const mb_plugin* mailblock_plugin_entry(uint32_t host_abi_major) {
    using namespace mailblock;
    return sdk::pluginTable(
        host_abi_major, "mailblock", MAILBLOCK_VERSION,
        [] {
            return std::vector<mb_block_factory>{sdk::blockFactory<&send_email::describe, &send_email::run>(),
                                                 sdk::blockFactory<&save_to_sent::describe, &save_to_sent::run>()};
        },
        [] {
            // Shutdown must not throw across the C boundary.
            try {
                send_email::shutdown();
            } catch (...) {
            }
        });
}
