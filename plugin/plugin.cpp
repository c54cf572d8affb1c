// The mailblock plugin: registers its blocks through the one exported C entry point.
#include "commands/commands.hpp"
#include "common/autoconfig/provider_presets.hpp"
#include "mailblock/sdk/json.hpp"
#include "mailblock/sdk/plugin.hpp"
#include "save_to_sent/descriptor.hpp"
#include "save_to_sent/save_to_sent_block.hpp"
#include "send_email/descriptor.hpp"
#include "send_email/send_email_block.hpp"

namespace {

// Plugin-wide data for editors (abi.h data_json): the mail provider presets. Null if they cannot be built
// (a unit test holds data/providers.json valid).
const char* pluginData() noexcept {
    try {
        static const std::string text = [] {
            mailblock::sdk::Value v = mailblock::sdk::Value::dictionary();
            v.set("providers", *mailblock::common::autoconfig::presetsJson().find("providers"));
            return mailblock::sdk::json::write(v, mailblock::sdk::json::Form::Plain);
        }();
        return text.c_str();
    } catch (...) {
        return nullptr;
    }
}

}  // namespace

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
        },
        pluginData(), &commands::mailCommands());
}
