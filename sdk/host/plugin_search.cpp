#include "plugin_search.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace mailblock::host {

namespace {

std::string envOr(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v && *v ? v : fallback;
}

bool isFolder(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// A folder's plugin files, sorted so the order never depends on the file system.
std::vector<std::string> pluginFilesIn(const std::string& folder) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec))
        if (entry.path().extension() == ".so" && entry.is_regular_file(ec)) out.push_back(entry.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

void addFolderOrFile(std::vector<PluginCandidate>& out, const std::string& path, const std::string& source) {
    if (isFolder(path)) {
        for (auto& f : pluginFilesIn(path)) out.push_back({f, source});
    } else {
        out.push_back({path, source});
    }
}

void addFolder(std::vector<PluginCandidate>& out, const std::string& folder, const std::string& source) {
    if (!folder.empty() && isFolder(folder))
        for (auto& f : pluginFilesIn(folder)) out.push_back({f, source});
}

}  // namespace

PluginLocations pluginLocations(std::vector<std::string> explicit_files) {
    PluginLocations where;
    where.explicit_files = std::move(explicit_files);
    where.plugin_path = envOr("MAILBLOCK_PLUGIN_PATH", "");
#ifdef MAILBLOCK_BUILD_TREE_PLUGINS
    where.build_tree = MAILBLOCK_BUILD_TREE_PLUGINS;
#endif
    std::string home = envOr("HOME", "");
    std::string data = envOr("XDG_DATA_HOME", home.empty() ? "" : home + "/.local/share");
    if (!data.empty()) where.user_folder = data + "/mailblock/plugins";
    where.system_folder = MAILBLOCK_SYSTEM_PLUGIN_DIR;
    return where;
}

std::vector<PluginCandidate> findPlugins(const PluginLocations& where) {
    std::vector<PluginCandidate> out;
    for (const auto& f : where.explicit_files) out.push_back({f, "--plugin"});
    size_t start = 0;
    while (start <= where.plugin_path.size() && !where.plugin_path.empty()) {
        size_t colon = where.plugin_path.find(':', start);
        std::string entry = where.plugin_path.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
        if (!entry.empty()) addFolderOrFile(out, entry, "MAILBLOCK_PLUGIN_PATH");
        if (colon == std::string::npos) break;
        start = colon + 1;
    }
    addFolder(out, where.build_tree, "build tree");
    addFolder(out, where.user_folder, "user folder");
    addFolder(out, where.system_folder, "system folder");
    // One file reached twice (a --plugin that is also in a folder) is loaded once: dlopen would hand back the
    // same library, and unloading the second copy would shut the first down.
    std::vector<PluginCandidate> unique;
    std::vector<std::string> seen;
    for (auto& c : out) {
        std::error_code ec;
        std::string key = std::filesystem::weakly_canonical(c.path, ec).string();
        if (ec) key = c.path;
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
        seen.push_back(key);
        unique.push_back(std::move(c));
    }
    return unique;
}

}  // namespace mailblock::host
