// "Did you mean": edit distance, titles in both languages, and the suggestions a diagram's mistakes get in the
// diagram's language (sdk/suggest.hpp, sdk/host/suggest_blocks.cpp, diagram.cpp, convert.cpp).
#include <doctest/doctest.h>

#include "diagram.hpp"
#include "mailblock/sdk/suggest.hpp"
#include "plugin_fixture.hpp"

using namespace mailblock;
using namespace mailblock::host;

namespace {

std::string problemsOf(const std::string& json) {
    try {
        loadDiagram(json, realAndThrowingPlugins(), {});
    } catch (const InvalidDiagram& e) {
        return e.what();
    }
    return "";
}

std::string oneSend(const std::string& lang, const std::string& inputs) {
    return R"({"start": {"next": "s", "language": ")" + lang +
           R"("}, "blocks": {"s": {"type": "mail.send", "inputs": {"server": "h", "sender_email": "a@example.org", "recipient": "b@example.org", )" +
           inputs + "}}}}";
}

}  // namespace

TEST_CASE("edit distance counts insertions, deletions, substitutions and neighbour swaps, case-blind, Cyrillic too") {
    CHECK(sdk::editDistance("sever", "server") == 1);
    CHECK(sdk::editDistance("rnu", "run") == 1);
    CHECK(sdk::editDistance("Server", "server") == 0);
    CHECK(sdk::editDistance("сервр", "Сервер") == 1);
    CHECK(sdk::editDistance("sender-email", "sender_email") == 0);
    CHECK(sdk::editDistance("abc", "xyz") == 3);
}

TEST_CASE("the closest name is suggested only when it is close enough to be a typo") {
    std::vector<sdk::Suggestable> ports{{"server", "Сервер", {"Server"}}, {"port", "Порт", {"Port"}}};
    CHECK(sdk::didYouMean("sever", ports, "ru") == "; возможно, имелось в виду \"server\" (Сервер)?");
    CHECK(sdk::didYouMean("sever", {{"server", "Server", {"Сервер"}}}) == "; did you mean \"server\" (Server)?");
    CHECK(sdk::didYouMean("Сервр", ports, "ru").find("\"server\"") != std::string::npos);  // a Russian title matches
    CHECK(sdk::didYouMean("Port", ports, "en").find("\"port\"") != std::string::npos);
    CHECK(sdk::didYouMean("attachments", ports).empty());
    CHECK(sdk::didYouMean("--jsn", sdk::suggestables({"--json", "--lang"})) == "; did you mean \"--json\"?");
}

TEST_CASE("a diagram's unknown port, block type and enum value get suggestions in the diagram's language") {
    std::string ru = problemsOf(oneSend("ru", R"("sever": "x")"));
    CHECK(
        ru.find(
            "port \"sever\": у блока типа mail.send нет такого входа; возможно, имелось в виду \"server\" (Сервер)?") !=
        std::string::npos);
    std::string en = problemsOf(oneSend("en", R"("Порт": "25")"));
    CHECK(en.find("has no such input; did you mean \"port\" (Port)?") != std::string::npos);
    std::string type =
        problemsOf(R"({"start": {"next": "s", "language": "en"}, "blocks": {"s": {"type": "mail.sendd"}}})");
    CHECK(type.find("unknown block type \"mail.sendd\"; did you mean \"mail.send\" (Send email)?") !=
          std::string::npos);
    std::string security = problemsOf(oneSend("en", R"("security": "starttl")"));
    CHECK(security.find(
              "expects one of Auto, None, STARTTLS, SSL on connect, got \"starttl\"; did you mean \"STARTTLS\"?") !=
          std::string::npos);
}
