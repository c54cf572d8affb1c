// rpa finds plugins in order (--plugin, MAILBLOCK_PLUGIN_PATH, build tree, user folder, system folder); the
// first plugin with an id wins and `rpa blocks` can say where each block came from.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "plugin_loader.hpp"
#include "plugin_search.hpp"

using namespace mailblock::host;
namespace fs = std::filesystem;

namespace {

struct TempFolder {
    fs::path path;
    TempFolder() {
        char pattern[] = "/tmp/mailblock-plugins-XXXXXX";
        path = mkdtemp(pattern);
    }
    ~TempFolder() { fs::remove_all(path); }
    std::string put(const std::string& name, const fs::path& from = {}) const {
        fs::path to = path / name;
        if (from.empty()) std::ofstream(to) << "x";
        else fs::copy_file(from, to);
        return to.string();
    }
};

}  // namespace

TEST_CASE("plugins are found in the documented order, folders sorted, each file once") {
    TempFolder env1, env2, build, user, system;
    std::string a = env1.put("b.so"), b = env1.put("a.so");
    env1.put("readme.txt");
    std::string single = env2.put("single.so");
    std::string built = build.put("libmailblock.so");
    std::string mine = user.put("mine.so");
    std::string sys = system.put("libmailblock.so");
    PluginLocations where{{"/explicit/x.so", built}, env1.path.string() + "::" + single, build.path.string(),
                          user.path.string(), system.path.string()};
    std::vector<PluginCandidate> found = findPlugins(where);
    std::vector<std::pair<std::string, std::string>> got;
    for (const auto& c : found) got.emplace_back(c.path, c.source);
    std::vector<std::pair<std::string, std::string>> want = {
        {"/explicit/x.so", "--plugin"}, {built, "--plugin"},        {b, "MAILBLOCK_PLUGIN_PATH"},
        {a, "MAILBLOCK_PLUGIN_PATH"},   {single, "MAILBLOCK_PLUGIN_PATH"}, {mine, "user folder"},
        {sys, "system folder"}};
    CHECK(got == want);
}

TEST_CASE("missing folders are skipped; with nothing anywhere nothing is found") {
    PluginLocations where{{}, "", "/nonexistent/build", "/nonexistent/user", "/nonexistent/system"};
    CHECK(findPlugins(where).empty());
}

TEST_CASE("a plugin found earlier shadows a copy with the same id found later") {
    TempFolder user, system;
    std::string first = user.put("libmailblock.so", MAILBLOCK_TEST_PLUGIN);
    std::string second = system.put("libmailblock.so", MAILBLOCK_TEST_PLUGIN);
    Registry registry;
    CHECK(registry.load(first, "user folder"));
    CHECK_FALSE(registry.load(second, "system folder"));
    REQUIRE(registry.find("mail.send") != nullptr);
    CHECK(registry.find("mail.send")->plugin_path == first);
    CHECK(registry.find("mail.send")->source == "user folder");
    CHECK(registry.plugins().size() == 1);
}
