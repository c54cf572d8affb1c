// rpa serve's object handles: found while kept, gone after their scope ends, and bounded in count and bytes
// (the oldest go first), so a long-lived bridge does not grow without end.
#include <doctest/doctest.h>

#include "serve_handles.hpp"

using mailblock::host::ObjectHandles;
using mailblock::sdk::Value;

namespace {
Value object(const std::string& text) { return Value::object({{"bytes", Value::text(text)}}); }
}  // namespace

TEST_CASE("a kept object is found by its handle until its scope ends; other scopes keep theirs") {
    ObjectHandles handles;
    std::string a = handles.keep(object("a"), "flow-1");
    std::string b = handles.keep(object("b"), "flow-2");
    std::string c = handles.keep(object("c"), "");
    CHECK(a != b);
    REQUIRE(handles.find(a));
    CHECK(handles.find(a)->find("bytes")->asText() == "a");
    handles.endScope("flow-1");
    CHECK_FALSE(handles.find(a));
    CHECK(handles.find(b));
    handles.endScope("");  // no scope: nothing to end
    CHECK(handles.find(c));
    CHECK_FALSE(handles.find("h-999"));
}

TEST_CASE("past the count or the byte limit the oldest handles go") {
    ObjectHandles by_count(3);
    std::vector<std::string> kept;
    for (int i = 0; i < 5; ++i) kept.push_back(by_count.keep(object(std::to_string(i)), ""));
    CHECK(by_count.size() == 3);
    CHECK_FALSE(by_count.find(kept[1]));
    CHECK(by_count.find(kept[2]));

    ObjectHandles by_bytes(100, 2500);
    std::string first = by_bytes.keep(object(std::string(1000, 'x')), "");
    std::string second = by_bytes.keep(object(std::string(1000, 'y')), "");
    std::string third = by_bytes.keep(object(std::string(1000, 'z')), "");
    CHECK_FALSE(by_bytes.find(first));
    CHECK(by_bytes.find(second));
    CHECK(by_bytes.find(third));
    // One object over the whole budget is still kept: the run that made it must be able to pass it on.
    std::string huge = by_bytes.keep(object(std::string(5000, 'h')), "");
    CHECK(by_bytes.find(huge));
    CHECK(by_bytes.size() == 1);
}
