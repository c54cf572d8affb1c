// Where rpa looks for plugins, in order: --plugin files, the MAILBLOCK_PLUGIN_PATH list (files or folders),
// the build tree a development rpa was built in, the user's folder ($XDG_DATA_HOME/mailblock/plugins, else
// ~/.local/share/mailblock/plugins), the system folder (<libdir>/mailblock/plugins). A plugin found earlier
// shadows a later one with the same plugin id.
#pragma once

#include <string>
#include <vector>

namespace mailblock::host {

struct PluginLocations {
    std::vector<std::string> explicit_files;  // --plugin
    std::string plugin_path;                  // MAILBLOCK_PLUGIN_PATH, ':'-separated
    std::string build_tree;                   // empty for an installed rpa
    std::string user_folder;
    std::string system_folder;
};

struct PluginCandidate {
    std::string path;
    std::string source;  // "--plugin", "MAILBLOCK_PLUGIN_PATH", "build tree", "user folder", "system folder"
};

// The locations of this process: its arguments, its environment and the folders compiled in.
PluginLocations pluginLocations(std::vector<std::string> explicit_files);

// Every plugin file of the locations, in search order (the *.so files of a folder sorted by name). Folders
// that do not exist are skipped; a --plugin or MAILBLOCK_PLUGIN_PATH file that does not exist is kept, so
// that loading it reports the error.
std::vector<PluginCandidate> findPlugins(const PluginLocations& where);

}  // namespace mailblock::host
