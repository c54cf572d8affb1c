// Loading plugin libraries through the C ABI and reading their block descriptors.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "mailblock/abi.h"
#include "mailblock/sdk/descriptor.hpp"

namespace mailblock::host {

struct LoadError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct LoadedBlock {
    sdk::BlockDescriptor descriptor;
    const mb_block_factory* factory;  // owned by the plugin; valid while the plugin is loaded
    std::string plugin_path;
    std::string source;  // where the plugin was found (plugin_search.hpp)
};

// One loaded library. Unloading calls the plugin's shutdown() first.
class Plugin {
public:
    // Throws LoadError with a clear reason: file missing, no entry symbol, refused or other ABI major.
    explicit Plugin(const std::string& path, const std::string& source = "--plugin");
    ~Plugin();
    Plugin(const Plugin&) = delete;
    Plugin& operator=(const Plugin&) = delete;

    const std::string& id() const { return id_; }
    const std::string& version() const { return version_; }
    const std::string& path() const { return path_; }
    const std::vector<LoadedBlock>& blocks() const { return blocks_; }
    // Plugin-wide data (abi.h data_json), parsed; Null when the plugin has none or predates ABI 1.1.
    const sdk::Value& data() const { return data_; }
    // Its command-line commands (abi.h mb_command); none for a plugin whose table predates them.
    const std::vector<const mb_command*>& commands() const { return commands_; }

private:
    void* handle_ = nullptr;
    const mb_plugin* table_ = nullptr;
    std::string path_, id_, version_;
    std::vector<LoadedBlock> blocks_;
    sdk::Value data_;
    std::vector<const mb_command*> commands_;
};

// All loaded plugins; finds blocks by id.
class Registry {
public:
    // Loads a plugin. Returns false, loading nothing, when a plugin with the same id came from an earlier
    // location (it shadows this one); throws LoadError when two different plugins provide one block id.
    bool load(const std::string& path, const std::string& source = "--plugin");
    const LoadedBlock* find(const std::string& block_id) const;
    std::vector<const LoadedBlock*> all() const;
    // The command `name` of the first plugin that offers it, or nullptr.
    const mb_command* command(const std::string& name) const;
    const std::vector<std::unique_ptr<Plugin>>& plugins() const { return plugins_; }

private:
    std::vector<std::unique_ptr<Plugin>> plugins_;
};

}  // namespace mailblock::host
