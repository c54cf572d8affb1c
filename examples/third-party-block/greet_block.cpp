// The smallest block plugin: one block, "example.greet", that turns a name into a greeting.
#include <mailblock/sdk/plugin.hpp>

namespace {

using namespace mailblock::sdk;

BlockDescriptor describe() {
    BlockDescriptor d;
    d.id = "example.greet";
    d.version = "1.0";
    d.title = {"Поприветствовать", "Greet"};
    d.description = {"Составляет приветствие.", "Makes a greeting."};
    d.category = {"Примеры", "Examples"};
    d.inputs.push_back(Port::make("name", {"Имя", "Name"}, {PortType::Text}).isRequired());
    d.outputs.push_back(Port::make("greeting", {"Приветствие", "Greeting"}, {PortType::Text}));
    return d;
}

void run(Context& ctx) {
    std::string name = ctx.text("name");
    if (name.empty()) throw BlockFailure(BlockError{"invalid_input", "Name (name): is empty"});
    ctx.output("greeting", Value::text("Hello, " + name + "!"));
}

}  // namespace

extern "C" MAILBLOCK_EXPORT const mb_plugin* mailblock_plugin_entry(uint32_t host_abi_major) {
    return pluginTable(
        host_abi_major, "example.greet", "1.0",
        [] { return std::vector<mb_block_factory>{blockFactory<&describe, &run>()}; }, nullptr);
}
