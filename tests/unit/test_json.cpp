// The JSON codec of diagrams and of the plugin boundary: strict, bounded, and secrets masked when shown.
#include <doctest/doctest.h>

#include "mailblock/sdk/json.hpp"

using namespace mailblock::sdk;

TEST_CASE("wire form round-trips secrets and objects and display form masks secrets") {
    Value v = Value::dictionary({{"password", Value::secret("p@ss\"word")},
                                 {"message", Value::object({{"id", Value::text("x@y")}})},
                                 {"n", Value::number(587)}, {"u", Value::text("Привет \u2603 \n")}});
    std::string wire = json::write(v, json::Form::Wire);
    CHECK(json::parse(wire, json::Form::Wire) == v);
    std::string shown = json::write(v, json::Form::Display);
    CHECK(shown.find("p@ss") == std::string::npos);
    CHECK(shown.find("\"***\"") != std::string::npos);
    CHECK(shown.find("\"n\":587") != std::string::npos);
}

TEST_CASE("plain form reads $secret as an ordinary dictionary") {
    Value v = json::parse(R"({"$secret": "x"})", json::Form::Plain);
    CHECK(v.type() == ValueType::Dictionary);
}

TEST_CASE("escapes and surrogate pairs decode to UTF-8") {
    CHECK(json::parse(R"("\u041f\ud83d\ude00\n")") == Value::text("П😀\n"));
}

TEST_CASE("strings are read and written in runs between escapes, byte for byte") {
    const std::string text = std::string("plain \"quoted\" \\ tab\t ctl\x01 end\r\n") + std::string(300, 'x') + "\n";
    const std::string wire = json::write(Value::text(text), json::Form::Wire);
    CHECK(wire.find("\\\"quoted\\\"") != std::string::npos);
    CHECK(wire.find("\\u0001") != std::string::npos);
    CHECK(json::parse(wire, json::Form::Wire) == Value::text(text));
    CHECK_THROWS_AS(json::parse(std::string("\"a\x01b\""), json::Form::Wire), json::ParseError);
}

TEST_CASE("a character that needs an escape is found wherever it stands in the eight-byte scan") {
    for (const char special : {'"', '\\', '\n', '\x01', '\x1f', '\x7f', '\xd0', ' ', '~'}) {
        for (size_t length = 1; length <= 20; ++length) {
            for (size_t at = 0; at < length; ++at) {
                std::string text(length, 'a');
                text[at] = special;
                const std::string wire = json::write(Value::text(text), json::Form::Wire);
                const bool needs_escape = special == '"' || special == '\\' || static_cast<unsigned char>(special) < 0x20;
                CHECK((wire.size() > text.size() + 2) == needs_escape);
                CHECK(json::parse(wire, json::Form::Wire) == Value::text(text));
                CHECK(json::simpleString(wire).has_value() == !needs_escape);
            }
        }
    }
}

TEST_CASE("a plain string's text is read without a parse; anything else is left to the parser") {
    CHECK(json::simpleString(R"("STARTTLS")") == std::optional<std::string_view>("STARTTLS"));
    CHECK(json::simpleString(R"("")") == std::optional<std::string_view>(""));
    CHECK_FALSE(json::simpleString(R"("a
b")"));              // an escape
    CHECK_FALSE(json::simpleString(R"({"$secret":"x"})"));    // a secret
    CHECK_FALSE(json::simpleString("587"));
    CHECK_FALSE(json::simpleString(R"(")"));
    CHECK(json::simpleNumber("587") == std::optional<double>(587));
    CHECK(json::simpleNumber("0") == std::optional<double>(0));
    CHECK(json::simpleNumber("999999999999999") == std::optional<double>(999999999999999.0));  // 15 digits, exact
    CHECK(json::simpleNumber("12345678901234567") == std::optional<double>(12345678901234567.0));  // by the library
    CHECK(json::simpleNumber("-0.5") == std::optional<double>(-0.5));
    CHECK_FALSE(json::simpleNumber("1e3"));    // left to the parser
    CHECK_FALSE(json::simpleNumber("\"5\""));
    CHECK_FALSE(json::simpleNumber("5x"));
    CHECK_FALSE(json::simpleNumber(""));
}

TEST_CASE("malformed JSON names the line and column") {
    try {
        json::parse("{\n  \"a\": tru\n}");
        FAIL("no error");
    } catch (const json::ParseError& e) {
        CHECK(std::string(e.what()).find("line 2") != std::string::npos);
    }
    CHECK_THROWS_AS(json::parse("{\"a\":1,\"a\":2}"), json::ParseError);
    CHECK_THROWS_AS(json::parse("[1,]"), json::ParseError);
    CHECK_THROWS_AS(json::parse("\"\x01\""), json::ParseError);
    CHECK_THROWS_AS(json::parse("\"\\ud800\""), json::ParseError);
    CHECK_THROWS_AS(json::parse("1e999"), json::ParseError);
}

TEST_CASE("nesting is bounded instead of exhausting the stack") {
    std::string deep(100000, '[');
    CHECK_THROWS_AS(json::parse(deep), json::ParseError);
}
