// rpa serve's message scopes: a scope lives while its runs do, ends when the engine says so or when it has been
// idle too long, and the least recently used idle one goes when too many are open; a running scope never ends.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "serve_scopes.hpp"

using mailblock::host::RunScope;
using mailblock::host::ServeScopes;
using std::chrono::seconds;

TEST_CASE("runs of one message share a scope, which ends when the engine ends it, after its last run") {
    std::vector<std::string> ended;
    ServeScopes scopes(seconds(300), 16, [&](const std::string& s) { ended.push_back(s); });
    RunScope* send = scopes.acquire("msg-1");
    scopes.release("msg-1");
    RunScope* save = scopes.acquire("msg-1");
    CHECK(send == save);
    CHECK(scopes.acquire("msg-2") != send);
    scopes.end("msg-1");  // Save to Sent still runs in it
    CHECK(ended.empty());
    scopes.release("msg-1");
    CHECK(ended == std::vector<std::string>{"msg-1"});
    CHECK(scopes.open() == 1);
    CHECK(scopes.acquire("msg-1") != nullptr);  // a message seen again gets a new scope
    CHECK(scopes.open() == 2);
}

TEST_CASE("an idle scope ends at the next request; a running one does not") {
    std::vector<std::string> ended;
    ServeScopes scopes(seconds(0), 16, [&](const std::string& s) { ended.push_back(s); });
    scopes.acquire("running");
    scopes.acquire("idle");
    scopes.release("idle");  // idle for "0 s" already
    CHECK(ended == std::vector<std::string>{"idle"});
    scopes.acquire("other");
    CHECK(ended == std::vector<std::string>{"idle"});
    CHECK(scopes.open() == 2);
}

TEST_CASE("past the limit the least recently used idle scope ends") {
    std::vector<std::string> ended;
    ServeScopes scopes(seconds(300), 2, [&](const std::string& s) { ended.push_back(s); });
    scopes.acquire("a");
    scopes.release("a");
    scopes.acquire("b");  // held
    scopes.acquire("c");
    CHECK(ended == std::vector<std::string>{"a"});
    scopes.endAll();
    CHECK(scopes.open() == 0);
    CHECK(ended.size() == 3);
}
