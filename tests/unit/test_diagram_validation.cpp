// Invalid diagrams are refused before anything runs, every problem named with its block and port.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "diagram.hpp"
#include "mailblock/sdk/json.hpp"
#include "plugin_fixture.hpp"

using namespace mailblock::host;

namespace {

std::string problemsOf(const std::string& json, const std::map<std::string, std::string>& vars = {}) {
    try {
        loadDiagram(json, realAndThrowingPlugins(), vars);
    } catch (const InvalidDiagram& e) {
        return e.what();
    }
    return "";
}

const char* kSend = R"("type": "mail.send", "inputs": {"server": "127.0.0.1", "sender_email": "a@example.org", "recipient": "b@example.org")";

std::string diagram(const std::string& blocks, const std::string& next = "send") {
    return R"({"start": {"next": ")" + next + R"("}, "blocks": {)" + blocks + "}}";
}

}  // namespace

TEST_CASE("a sound diagram loads, with variables and environment references resolved") {
    setenv("MB_TEST_PASSWORD", "x", 1);
    Diagram d = loadDiagram(R"({"start": {"next": "send", "message_level": "Debug"},
        "variables": {"to": "b@example.org"},
        "blocks": {"send": {"type": "mail.send", "inputs": {"server": "h", "sender_email": "a@example.org",
            "recipient": {"$var": "to"}, "login": "a", "password": {"$env": "MB_TEST_PASSWORD"}, "port": "587"}}}})",
                            realAndThrowingPlugins(), {});
    CHECK(d.first == "send");
    CHECK(d.start.message == mailblock::sdk::MessageLevel::Debug);
    CHECK(d.block("send").inputs.at("port").literal == mailblock::sdk::Value::number(587));
}

TEST_CASE("an unknown block type is named") {
    CHECK(problemsOf(diagram(R"("send": {"type": "mail.fax"})")).find("block \"send\": неизвестный тип блока \"mail.fax\"") != std::string::npos);
}

TEST_CASE("an unknown port is named with its block") {
    std::string p = problemsOf(diagram(std::string(R"("send": {)") + kSend + R"(, "colour": "red"}})"));
    CHECK(p.find("block \"send\", port \"colour\": у блока типа mail.send нет такого входа") != std::string::npos);
}

TEST_CASE("a wrong literal type names the block and port, and says what is wrong in the diagram's language") {
    const std::string blocks = std::string(R"("send": {)") + kSend + R"(, "port": "abc"}})";
    std::string ru = problemsOf(diagram(blocks));
    CHECK(ru.find("block \"send\", port \"port\" ожидается число, получено \"abc\"") != std::string::npos);
    std::string en = problemsOf(R"({"start": {"next": "send", "language": "en"}, "blocks": {)" + blocks + "}}");
    CHECK(en.find("block \"send\", port \"port\" expects a Number, got \"abc\"") != std::string::npos);
}

TEST_CASE("a missing required port is named") {
    // Sender email is not required by the host any more: a named connection may give it (the block checks it).
    std::string p = problemsOf(diagram(R"("send": {"type": "mail.send", "inputs": {"server": "h", "sender_email": "a@example.org"}})"));
    CHECK(p.find("port \"recipient\" (Email получателя): нужно значение") != std::string::npos);
}

TEST_CASE("a dangling link and a link to a later block are refused") {
    std::string p = problemsOf(diagram(std::string(R"("send": {)") + kSend + R"(, "subject": {"$link": "ghost.error_text"}}})"));
    CHECK(p.find("dangling link") != std::string::npos);
    p = problemsOf(diagram(std::string(R"("send": {)") + kSend + R"(, "subject": {"$link": "second.error_text"}}, "next": "second"},
                            "second": {)" + kSend + "}}"));
    CHECK(p.find("does not run before this one") != std::string::npos);
}

TEST_CASE("a link of the wrong type is refused") {
    std::string p = problemsOf(diagram(std::string(R"("send": {)") + kSend + R"(}, "next": "second"},
        "second": {)" + kSend + R"(, "port": {"$link": "send.sent_message"}}})"));
    CHECK(p.find("wrong type (Object into Number)") != std::string::npos);
}

TEST_CASE("a cycle is refused") {
    std::string p = problemsOf(diagram(std::string(R"("send": {)") + kSend + R"(}, "next": "second"},
        "second": {)" + kSend + R"(}, "next": "send"})"));
    CHECK(p.find("may not loop") != std::string::npos);
}

TEST_CASE("a secret written into the diagram is refused") {
    std::string p = problemsOf(diagram(std::string(R"("send": {)") + kSend + R"(, "login": "a", "password": "hunter2"}})"));
    CHECK(p.find("a secret must not be written into the diagram") != std::string::npos);
    CHECK(p.find("hunter2") == std::string::npos);
}

TEST_CASE("an unset environment variable and an undeclared variable are named") {
    unsetenv("MB_TEST_NOT_SET");
    std::string p = problemsOf(diagram(std::string(R"("send": {)") + kSend + R"(, "login": "a",
        "password": {"$env": "MB_TEST_NOT_SET"}, "subject": {"$var": "nope"}}})"));
    CHECK(p.find("environment variable MB_TEST_NOT_SET is not set") != std::string::npos);
    CHECK(p.find("variable \"nope\" is not declared") != std::string::npos);
}

TEST_CASE("Handle without an error path, unreachable blocks and a bad Start are refused") {
    CHECK(problemsOf(diagram(std::string(R"("send": {)") + kSend + R"(, "error_level": "Handle"}})")).find("needs an error path") !=
          std::string::npos);
    CHECK(problemsOf(diagram(std::string(R"("send": {)") + kSend + R"(}}, "lonely": {)" + kSend + "}}"))
              .find("block \"lonely\" cannot be reached from Start") != std::string::npos);
    CHECK(problemsOf(diagram(std::string(R"("send": {)") + kSend + "}}", "nowhere")).find("unknown block \"nowhere\"") !=
          std::string::npos);
}

TEST_CASE("every problem is reported at once") {
    std::string p = problemsOf(diagram(R"("send": {"type": "mail.send", "inputs": {"port": "x", "ssl": "maybe"}})"));
    CHECK(p.find("port \"port\"") != std::string::npos);
    CHECK(p.find("port \"ssl\"") != std::string::npos);
    CHECK(p.find("port \"recipient\"") != std::string::npos);
}

TEST_CASE("malformed JSON is an invalid diagram with a position") {
    CHECK(problemsOf("{\"start\": ").find("JSON error at line 1") != std::string::npos);
}

TEST_CASE("a diagram a program built (rpa serve) takes a secret inline, masked as a secret, and no references") {
    using mailblock::sdk::Value;
    Value root = mailblock::sdk::json::parse(R"({"start": {"next": "send"}, "blocks": {"send": {"type": "mail.send",
        "inputs": {"server": "h", "sender_email": "a@example.org", "recipient": "b@example.org", "password": "pw"}}}})");
    Diagram d = loadProgramDiagram(root, realAndThrowingPlugins());
    CHECK(d.block("send").inputs.at("password").literal == Value::secret("pw"));
    CHECK_THROWS_WITH_AS(loadDiagram(mailblock::sdk::json::write(root, mailblock::sdk::json::Form::Plain),
                                     realAndThrowingPlugins(), {}),
                         doctest::Contains("a secret must not be written into the diagram"), InvalidDiagram);
    Value with_env = mailblock::sdk::json::parse(R"({"start": {"next": "send"}, "blocks": {"send": {"type": "mail.send",
        "inputs": {"sender_email": "a@example.org", "recipient": {"$env": "HOME"}}}}})");
    CHECK_THROWS_WITH_AS(loadProgramDiagram(with_env, realAndThrowingPlugins()),
                         doctest::Contains("port \"recipient\": $env references are not taken here"), InvalidDiagram);
}

TEST_CASE("a diagram file is read whole up to 4 MB; a bigger one is refused, not cut short") {
    const std::string path = "/tmp/mailblock-diagram-" + std::to_string(::getpid()) + ".json";
    auto write = [&](const std::string& text) { std::ofstream(path, std::ios::binary) << text; };
    // A sound diagram padded with spaces past the 64 KB the file is read in at a time.
    write(diagram(std::string("\"send\": {") + kSend + "}}") + std::string(200 * 1024, ' '));
    CHECK(loadDiagramFile(path, realAndThrowingPlugins(), {}).first == "send");
    write(diagram(std::string("\"send\": {") + kSend + "}}") + std::string(kMaxDiagramBytes, ' '));
    CHECK_THROWS_WITH_AS(loadDiagramFile(path, realAndThrowingPlugins(), {}), doctest::Contains("larger than 4 MB"),
                         InvalidDiagram);
    std::remove(path.c_str());
}
