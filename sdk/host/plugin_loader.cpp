#include "plugin_loader.hpp"

#include <dlfcn.h>

#include "mailblock/sdk/descriptor_json.hpp"

namespace mailblock::host {

Plugin::Plugin(const std::string& path, const std::string& source) : path_(path) {
#ifdef MAILBLOCK_KEEP_PLUGINS_MAPPED
    // Sanitizer build: a plugin (and the libraries it brought in) stays mapped after dlclose, so LeakSanitizer can
    // name the code of a leak found at exit instead of "<unknown module>".
    handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
#else
    handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
#endif
    if (!handle_) throw LoadError("cannot load plugin " + path + ": " + dlerror());
    try {
        auto entry = reinterpret_cast<mb_plugin_entry_fn>(dlsym(handle_, MAILBLOCK_ENTRY_SYMBOL));
        if (!entry)
            throw LoadError("plugin " + path + " is not a mailblock plugin: it has no " MAILBLOCK_ENTRY_SYMBOL " symbol");
        table_ = entry(MAILBLOCK_ABI_MAJOR);
        if (!table_)
            throw LoadError("plugin " + path + " refused this host (host ABI " + std::to_string(MAILBLOCK_ABI_MAJOR) +
                            ".x); it was built for another ABI version");
        if (table_->abi_major != MAILBLOCK_ABI_MAJOR)
            throw LoadError("plugin " + path + " speaks ABI " + std::to_string(table_->abi_major) + "." +
                            std::to_string(table_->abi_minor) + ", this host speaks " +
                            std::to_string(MAILBLOCK_ABI_MAJOR) + ".x: rebuild the plugin against this SDK");
        id_ = table_->plugin_id ? table_->plugin_id : "";
        version_ = table_->plugin_version ? table_->plugin_version : "";
        for (uint32_t i = 0; i < table_->block_count; ++i) {
            const mb_block_factory* f = &table_->blocks[i];
            try {
                blocks_.push_back(LoadedBlock{sdk::descriptorFromValue(sdk::json::parse(f->descriptor_json)), f, path, source, this});
            } catch (const std::exception& e) {
                throw LoadError("plugin " + path + ": block " + std::to_string(i) + " has a bad descriptor: " + e.what());
            }
        }
        if (MAILBLOCK_HAS(table_, mb_plugin, data_json) && table_->data_json) {
            try {
                data_ = sdk::json::parse(table_->data_json);
            } catch (const std::exception& e) {
                throw LoadError("plugin " + path + " has bad plugin data: " + e.what());
            }
        }
        // MAILBLOCK_HAS spelled out: sizeof of a pointer member reads as a mistake to clang-tidy.
        if (table_->struct_size >= offsetof(mb_plugin, commands) + sizeof(const void*) && table_->commands)
            for (uint32_t i = 0; i < table_->command_count; ++i)
                if (table_->commands[i].name && table_->commands[i].run) commands_.push_back(&table_->commands[i]);
    } catch (...) {
        dlclose(handle_);
        throw;
    }
}

void Plugin::endRunScope(uint64_t scope) const noexcept {
    if (MAILBLOCK_HAS(table_, mb_plugin, end_run_scope) && table_->end_run_scope) table_->end_run_scope(scope);
}

Plugin::~Plugin() {
    if (table_ && table_->shutdown) table_->shutdown();
    dlclose(handle_);
}

bool Registry::load(const std::string& path, const std::string& source) {
    auto plugin = std::make_unique<Plugin>(path, source);
    for (const auto& loaded : plugins_)
        if (!plugin->id().empty() && loaded->id() == plugin->id()) return false;
    for (const auto& b : plugin->blocks())
        if (find(b.descriptor.id))
            throw LoadError("block " + b.descriptor.id + " of " + path + " is already provided by another plugin");
    plugins_.push_back(std::move(plugin));
    return true;
}

const LoadedBlock* Registry::find(const std::string& block_id) const {
    for (const auto& p : plugins_)
        for (const auto& b : p->blocks())
            if (b.descriptor.id == block_id) return &b;
    return nullptr;
}

const mb_command* Registry::command(const std::string& name) const {
    for (const auto& p : plugins_)
        for (const mb_command* c : p->commands())
            if (name == c->name) return c;
    return nullptr;
}

std::vector<const LoadedBlock*> Registry::all() const {
    std::vector<const LoadedBlock*> out;
    for (const auto& p : plugins_)
        for (const auto& b : p->blocks()) out.push_back(&b);
    return out;
}

}  // namespace mailblock::host
