// Commands through the ABI (abi.h mb_command): the host finds a plugin's command by name, hands it the words,
// passes its output through, runs the diagrams it asks for, and an exception never crosses the boundary.
#include <doctest/doctest.h>

#include <sstream>

#include "diagram.hpp"
#include "plugin_commands.hpp"
#include "plugin_fixture.hpp"

using namespace mailblock::host;

namespace {

struct Ran {
    int status = 0;
    std::string out, err, diagram;
};

Ran runCommand(const Registry& registry, const std::string& name, const std::vector<std::string>& args) {
    const mb_command* command = registry.command(name);
    REQUIRE(command);
    Ran r;
    std::ostringstream out, err;
    DiagramRunner run = [&](const std::string& diagram, bool json) {
        r.diagram = diagram;
        CHECK(json);
        loadDiagram(diagram, registry, {});  // throws InvalidDiagram for a bad one
        return 0;
    };
    r.status = runPluginCommand(*command, args, run, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

const Registry& plugins() {
    static Registry registry = [] {
        Registry r;
        r.load(MAILBLOCK_TEST_PLUGIN);
        r.load(fixturePlugin("misbehaving_plugin"));
        r.load(fixturePlugin("abi_1_0_plugin"));
        return r;
    }();
    return registry;
}

}  // namespace

TEST_CASE("a plugin's command gets its words and its output and status come back") {
    Ran r = runCommand(plugins(), "misbehave", {"один", "--two", "3"});
    CHECK(r.status == 7);
    CHECK(r.out == "один\n--two\n3\n");
    CHECK(r.err == "done\n");
}

TEST_CASE("a command's diagram runs through the host, and an invalid one is a status 2 with the problems") {
    Ran ok = runCommand(
        plugins(), "misbehave",
        {"diagram", R"({"start":{"next":"b"},"blocks":{"b":{"type":"test.misbehave","inputs":{"what":"x"}}}})"});
    CHECK(ok.status == 0);
    CHECK(ok.diagram.find("test.misbehave") != std::string::npos);
    Ran bad = runCommand(plugins(), "misbehave", {"diagram", R"({"start":{"next":"b"},"blocks":{}})"});
    CHECK(bad.status == 2);
    CHECK(bad.err.find("invalid diagram") != std::string::npos);
}

TEST_CASE("an exception in a command becomes status 1 and a message, not a crash") {
    Ran r = runCommand(plugins(), "misbehave", {"throw"});
    CHECK(r.status == 1);
    CHECK(r.err == "rpa: the command threw\n");
}

TEST_CASE("the mail plugin provides check-smtp, autoconfig and oauth; a plugin table without commands has none") {
    for (const char* name : {"check-smtp", "autoconfig", "oauth"}) CHECK(plugins().command(name) != nullptr);
    CHECK(plugins().command("run") == nullptr);
    for (const auto& p : plugins().plugins())
        if (p->id() == "test.old") CHECK(p->commands().empty());
    std::string usage = pluginCommandsUsage(plugins());
    CHECK(usage.find("       rpa check-smtp [--server HOST]") != std::string::npos);
    CHECK(usage.find("       rpa misbehave WORDS...\n") != std::string::npos);
}

TEST_CASE("check-smtp builds its diagram of the Send email block in the plugin and the host runs it") {
    Ran r = runCommand(plugins(), "check-smtp", {"--server", "127.0.0.1", "--from", "a@example.org", "--json"});
    CHECK(r.status == 0);
    CHECK(r.diagram.find(R"("check_mode":"Connection")") != std::string::npos);
    Ran usage = runCommand(plugins(), "check-smtp", {"--colour", "red"});
    CHECK(usage.status == 2);
    CHECK(usage.err.find("unknown option --colour\nusage: rpa check-smtp") != std::string::npos);
}
