// Every input port of every block sits in one of its block's groups, so an editor's dialog and the help page
// never lose a port; groups, icon and colour survive the trip through the C ABI's JSON.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "mailblock/sdk/descriptor_json.hpp"
#include "plugin_loader.hpp"

namespace sdk = mailblock::sdk;

namespace {
const mailblock::host::Registry& plugin() {
    static mailblock::host::Registry registry = [] {
        mailblock::host::Registry r;
        r.load(MAILBLOCK_TEST_PLUGIN);
        return r;
    }();
    return registry;
}
}  // namespace

TEST_CASE("every input port of the mail blocks names a group its block lists, and every group has ports") {
    REQUIRE(plugin().all().size() == 2);
    for (const auto* b : plugin().all()) {
        const sdk::BlockDescriptor& d = b->descriptor;
        INFO("block " << d.id);
        REQUIRE_FALSE(d.groups.empty());
        std::set<std::string> used;
        for (const auto& p : d.inputs) {
            INFO("port " << p.id);
            CHECK(d.group(p.group) != nullptr);
            used.insert(p.group);
        }
        for (const auto& g : d.groups) {
            INFO("group " << g.id);
            CHECK(used.count(g.id) == 1);
            CHECK_FALSE(g.title.ru.empty());
            CHECK_FALSE(g.title.en.empty());
        }
        CHECK(d.groups.back().id == sdk::standard_ports::kLevelsGroup);
        // No std::regex: GCC 12 warns maybe-uninitialized inside <regex> in the sanitizer build (-Werror).
        CHECK(d.color.size() == 7);
        CHECK(d.color[0] == '#');
        CHECK(d.color.find_first_not_of("0123456789ABCDEF", 1) == std::string::npos);
        const std::string prefix = "font-awesome/fa-";
        CHECK(d.icon.rfind(prefix, 0) == 0);
        CHECK(d.icon.size() > prefix.size());
        CHECK(d.icon.find_first_not_of("abcdefghijklmnopqrstuvwxyz-", prefix.size()) == std::string::npos);
    }
    const auto* send = plugin().find("mail.send");
    REQUIRE(send);
    CHECK(send->descriptor.input("server")->group == "connection");
    CHECK(send->descriptor.input("subject")->group == "message");
    CHECK(send->descriptor.input("log_file")->group == "log");
}

TEST_CASE("groups, icon, colour, status words and a shared kind round-trip through the descriptor JSON, and an unknown group is refused") {
    sdk::BlockDescriptor d;
    d.id = "x.y";
    d.version = "1";
    d.icon = "font-awesome/fa-envelope";
    d.color = "#112233";
    d.status_running = {"отправка", "sending"};
    d.status_done = {"отправлено", "sent"};
    d.groups = {{"a", {"А", "A"}}, {"b", {"Б", "B"}}};
    d.inputs = {sdk::Port::make("p", {"П", "P"}, {sdk::PortType::Text}).inGroup("b").namesShared("connection")};
    sdk::BlockDescriptor back = sdk::descriptorFromValue(sdk::descriptorToValue(d));
    CHECK(back.inputs[0].shared == "connection");
    CHECK(back.icon == d.icon);
    CHECK(back.color == d.color);
    CHECK(back.status_running.en == "sending");
    CHECK(back.status_done.ru == "отправлено");
    REQUIRE(back.groups.size() == 2);
    CHECK(back.groups[1].title.ru == "Б");
    CHECK(back.inputs[0].group == "b");

    d.inputs[0].group = "nope";
    CHECK_THROWS_WITH_AS(sdk::descriptorFromValue(sdk::descriptorToValue(d)),
                         doctest::Contains("unknown group \"nope\""), std::runtime_error);
}
