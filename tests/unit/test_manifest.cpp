// manifest.json at the top of the repository is exactly what the plugin describes (no drift allowed).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "plugin_loader.hpp"
#include "report.hpp"

TEST_CASE("manifest.json equals what `rpa manifest` prints for the built plugin") {
    mailblock::host::Registry registry;
    registry.load(MAILBLOCK_TEST_PLUGIN);
    std::ifstream in(MAILBLOCK_SOURCE_DIR "/manifest.json");
    REQUIRE(in);
    std::stringstream checked_in;
    checked_in << in.rdbuf();
    INFO("regenerate with: ./build/rpa manifest > manifest.json");
    CHECK(checked_in.str() == mailblock::host::manifestJson(registry));
}
