// Error and message levels: "Default" takes the Start block's value; Start's own Default stops on errors.
#include <doctest/doctest.h>

#include "levels.hpp"

using namespace mailblock;
using host::StartLevels;

TEST_CASE("a block's Default error level is the Start block's") {
    StartLevels start;
    start.error = sdk::ErrorLevel::Ignore;
    CHECK(host::resolve(host::parseErrorLevel("Default"), start) == sdk::ErrorLevel::Ignore);
    CHECK(host::resolve(host::parseErrorLevel("Handle"), start) == sdk::ErrorLevel::Handle);
}

TEST_CASE("Start's Default error level stops the diagram and its Default message level prints nothing") {
    StartLevels start;
    CHECK(host::resolve(host::parseErrorLevel("default"), start) == sdk::ErrorLevel::Stop);
    CHECK(host::resolve(host::parseMessageLevel("Default"), start) == sdk::MessageLevel::Release);
}

TEST_CASE("a block's own message level wins over Start's") {
    StartLevels start;
    start.message = sdk::MessageLevel::Detailed;
    CHECK(host::resolve(host::parseMessageLevel("Release"), start) == sdk::MessageLevel::Release);
    CHECK(host::resolve(host::parseMessageLevel("Default"), start) == sdk::MessageLevel::Detailed);
}

TEST_CASE("unknown level names are refused with the allowed ones") {
    CHECK_THROWS_WITH_AS(host::parseErrorLevel("Retry"), doctest::Contains("Default, Ignore or Handle"), std::invalid_argument);
    CHECK_THROWS_AS(host::parseMessageLevel("Verbose"), std::invalid_argument);
}
