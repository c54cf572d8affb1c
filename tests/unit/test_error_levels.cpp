// What the diagram does after a block fails: stop (Default), go on (Ignore) or take the error path (Handle).
// A Send email with an invalid sender fails before any connection, so no server is needed here.
#include <doctest/doctest.h>

#include "diagram.hpp"
#include "plugin_fixture.hpp"
#include "runner.hpp"

using namespace mailblock::host;

namespace {

RunResult runWith(const std::string& start_level, const std::string& block_level) {
    std::string json = R"({"start": {"next": "send", "error_level": ")" + start_level + R"("}, "blocks": {
        "send": {"type": "mail.send", "inputs": {"server": "127.0.0.1", "sender_email": "not-an-address",
                 "recipient": "b@example.org", "error_level": ")" + block_level + R"("}, "next": "after", "on_error": "handler"},
        "after": {"type": "test.throws", "inputs": {"what": "normal path"}},
        "handler": {"type": "test.throws", "inputs": {"what": {"$link": "send.error_text"}}}}})";
    Diagram d = loadDiagram(json, realAndThrowingPlugins(), {});
    SecretMask mask;
    return runDiagram(d, RunOptions{}, mask);
}

std::string errorText(const BlockOutcome& b) {
    for (const auto& m : b.outputs)
        if (m.key == "error_text") return m.value.asText();
    return {};
}

}  // namespace

TEST_CASE("Default with Start's Default stops the diagram at the first error") {
    RunResult r = runWith("Default", "Default");
    CHECK_FALSE(r.completed);
    REQUIRE(r.blocks.size() == 1);
    CHECK(r.blocks[0].error->kind == "invalid_input");
    CHECK(errorText(r.blocks[0]).find("sender_email") != std::string::npos);
}

TEST_CASE("Ignore goes on along the normal path with error_text set") {
    RunResult r = runWith("Default", "Ignore");
    REQUIRE(r.blocks.size() == 2);
    CHECK(r.blocks[1].id == "after");
    CHECK_FALSE(errorText(r.blocks[0]).empty());
}

TEST_CASE("Handle follows the error path, where the error text can be read") {
    RunResult r = runWith("Default", "Handle");
    REQUIRE(r.blocks.size() == 2);
    CHECK(r.blocks[1].id == "handler");
    // The handler received the error text through its link (and then threw it back as its own message).
    CHECK(r.blocks[1].error->message.find("not-an-address") != std::string::npos);
}

TEST_CASE("a block's Default takes the Start block's level") {
    RunResult r = runWith("Handle", "Default");
    REQUIRE(r.blocks.size() == 2);
    CHECK(r.blocks[1].id == "handler");
}

TEST_CASE("Handle inherited from Start on a block without an error path stops the diagram") {
    Diagram d = loadDiagram(R"({"start": {"next": "send", "error_level": "Handle"}, "blocks": {
        "send": {"type": "mail.send", "inputs": {"server": "127.0.0.1", "sender_email": "bad", "recipient": "b@example.org"}}}})",
                            realAndThrowingPlugins(), {});
    SecretMask mask;
    RunResult r = runDiagram(d, RunOptions{}, mask);
    CHECK_FALSE(r.completed);
}
