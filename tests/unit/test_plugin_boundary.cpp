// The C boundary: a throwing block, a plugin of another ABI major and a library without the entry symbol
// are each reported clearly; nothing crashes the host.
#include <doctest/doctest.h>

#include <algorithm>

#include "diagram.hpp"
#include "report.hpp"
#include "plugin_fixture.hpp"
#include "runner.hpp"

using namespace mailblock::host;

TEST_CASE("a plugin built for another ABI major is refused with both versions named") {
    try {
        Plugin p(fixturePlugin("other_abi_plugin"));
        FAIL("loaded");
    } catch (const LoadError& e) {
        std::string what = e.what();
        CHECK(what.find("speaks ABI 2.0") != std::string::npos);
        CHECK(what.find("this host speaks 1.x") != std::string::npos);
    }
}

TEST_CASE("a library without the entry symbol is not a plugin") {
    CHECK_THROWS_WITH_AS(Plugin(fixturePlugin("no_entry_plugin")), doctest::Contains("has no mailblock_plugin_entry symbol"), LoadError);
    CHECK_THROWS_WITH_AS(Plugin("/nonexistent/libx.so"), doctest::Contains("cannot load plugin"), LoadError);
}

TEST_CASE("the real plugin registers Send email with its standard ports") {
    const LoadedBlock* b = realAndThrowingPlugins().find("mail.send");
    REQUIRE(b);
    CHECK(b->descriptor.title.ru == "Отправить письмо");
    CHECK(b->descriptor.input("error_level"));
    CHECK(b->descriptor.input("message_level"));
    CHECK(b->descriptor.output("error_text"));
    CHECK(b->descriptor.output("sent_message"));
}

TEST_CASE("a block that throws becomes an error outcome, and the exception never crosses the boundary") {
    Diagram d = loadDiagram(R"({"start": {"next": "t", "error_level": "Ignore"}, "blocks": {
        "t": {"type": "test.throws", "inputs": {"what": "std"}, "next": "u"},
        "u": {"type": "test.throws", "inputs": {"what": "int"}}}})",
                            realAndThrowingPlugins(), {});
    SecretMask mask;
    RunResult r = runDiagram(d, RunOptions{}, mask);
    REQUIRE(r.blocks.size() == 2);
    CHECK(r.completed);
    CHECK(r.blocks[0].error->kind == "internal");
    CHECK(r.blocks[0].error->message.find("boom: std") != std::string::npos);
    CHECK(r.blocks[1].error->message.find("unknown exception") != std::string::npos);
}

TEST_CASE("a 1.0 plugin loads, and nothing past its shorter table is read") {
    Plugin p(fixturePlugin("abi_1_0_plugin"));
    CHECK(p.id() == "test.old");
    CHECK(p.data().isNull());
}

TEST_CASE("the real plugin ships the provider presets as plugin data, and the manifest carries them") {
    const auto& plugins = realAndThrowingPlugins().plugins();
    auto it = std::find_if(plugins.begin(), plugins.end(), [](const auto& p) { return p->id() == "mailblock"; });
    REQUIRE(it != plugins.end());
    const mailblock::sdk::Value* providers = (*it)->data().find("providers");
    REQUIRE(providers);
    REQUIRE(providers->type() == mailblock::sdk::ValueType::List);
    CHECK(providers->items().size() >= 12);
    CHECK(manifestJson(realAndThrowingPlugins()).find("\"smtp.yandex.ru\"") != std::string::npos);
}
