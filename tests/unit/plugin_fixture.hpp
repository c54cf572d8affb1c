// Loads the real plugin (and, when asked, the misbehaving test plugins) once per test.
#pragma once

#include <string>

#include "plugin_loader.hpp"

inline std::string fixturePlugin(const std::string& name) {
    return std::string(MAILBLOCK_TEST_FIXTURE_PLUGINS) + "/lib" + name + ".so";
}

inline mailblock::host::Registry& realAndThrowingPlugins() {
    static mailblock::host::Registry registry = [] {
        mailblock::host::Registry r;
        r.load(MAILBLOCK_TEST_PLUGIN);
        r.load(fixturePlugin("throwing_plugin"));
        return r;
    }();
    return registry;
}
