// Values given to ports are converted explicitly; a wrong value is an error that says what was expected.
#include <doctest/doctest.h>

#include "convert.hpp"
#include "mailblock/sdk/utf8.hpp"

using namespace mailblock;
using sdk::Port;
using sdk::PortType;
using sdk::Value;

TEST_CASE("a Number port accepts the text \"587\" and refuses \"abc\"") {
    Port port = Port::make("port", {"Порт", "Port"}, {PortType::Number}).isInteger(1, 65535);
    auto ok = host::convertForPort(port, Value::text(" 587 "));
    REQUIRE(ok.ok());
    CHECK(ok.value == Value::number(587));
    auto bad = host::convertForPort(port, Value::text("abc"));
    CHECK_FALSE(bad.ok());
    CHECK(bad.error.find("expects a Number") != std::string::npos);
    CHECK(bad.error.find("\"abc\"") != std::string::npos);
}

TEST_CASE("integer ports refuse fractions and numbers out of range") {
    Port port = Port::make("port", {"Порт", "Port"}, {PortType::Number}).isInteger(1, 65535);
    CHECK_FALSE(host::convertForPort(port, Value::number(25.5)).ok());
    CHECK_FALSE(host::convertForPort(port, Value::number(70000)).ok());
    CHECK_FALSE(host::convertForPort(port, Value::text("0")).ok());
    CHECK(host::convertForPort(port, Value::number(65535)).ok());
}

TEST_CASE("Boolean ports accept the usual words in English and Russian") {
    Port port = Port::make("ssl", {"SSL", "SSL"}, {PortType::Boolean});
    for (const char* yes : {"true", "TRUE", "yes", "1", "да", "on"})
        CHECK(host::convertForPort(port, Value::text(yes)).value == Value::boolean(true));
    for (const char* no : {"false", "no", "0", "нет", "off"})
        CHECK(host::convertForPort(port, Value::text(no)).value == Value::boolean(false));
    CHECK_FALSE(host::convertForPort(port, Value::text("maybe")).ok());
    CHECK(host::convertForPort(port, Value::number(1)).value == Value::boolean(true));
}

TEST_CASE("Text ports take numbers and booleans as their text") {
    Port port = Port::make("subject", {"Тема", "Subject"}, {PortType::Text});
    CHECK(host::convertForPort(port, Value::number(42)).value == Value::text("42"));
    CHECK(host::convertForPort(port, Value::boolean(false)).value == Value::text("false"));
    CHECK_FALSE(host::convertForPort(port, Value::list({})).ok());
}

TEST_CASE("Enum ports match their values case-insensitively and list them when refusing") {
    Port port = Port::make("security", {"Безопасность", "Security"}, {PortType::Enum}).oneOf({"Auto", "None", "STARTTLS"});
    CHECK(host::convertForPort(port, Value::text("starttls")).value == Value::text("STARTTLS"));
    auto bad = host::convertForPort(port, Value::text("TLS"));
    CHECK_FALSE(bad.ok());
    CHECK(bad.error.find("Auto, None, STARTTLS") != std::string::npos);
}

TEST_CASE("List and Dictionary ports accept JSON text, a Text/List port keeps text as text") {
    Port list = Port::make("l", {"", ""}, {PortType::List});
    CHECK(host::convertForPort(list, Value::text("[\"a\", \"b\"]")).value == Value::list({Value::text("a"), Value::text("b")}));
    CHECK_FALSE(host::convertForPort(list, Value::text("a;b")).ok());
    Port dict = Port::make("d", {"", ""}, {PortType::Dictionary});
    CHECK(host::convertForPort(dict, Value::text("{\"x\": \"/tmp/x\"}")).ok());
    Port both = Port::make("r", {"", ""}, {PortType::Text, PortType::List});
    CHECK(host::convertForPort(both, Value::text("a@b.c; d@e.f")).value == Value::text("a@b.c; d@e.f"));
}

TEST_CASE("a secret port turns text into a SecureString and other ports refuse secrets") {
    Port password = Port::make("password", {"Пароль", "Password"}, {PortType::Text, PortType::SecureString}).isSecret();
    auto c = host::convertForPort(password, Value::text("hunter2"));
    REQUIRE(c.ok());
    CHECK(c.value.type() == sdk::ValueType::Secret);
    CHECK(c.value.asText() == "hunter2");
    Port subject = Port::make("subject", {"Тема", "Subject"}, {PortType::Text});
    auto leak = host::convertForPort(subject, Value::secret("hunter2"));
    CHECK_FALSE(leak.ok());
    CHECK(leak.error.find("hunter2") == std::string::npos);
}

TEST_CASE("Object ports take only objects") {
    Port port = Port::make("message", {"Письмо", "Message"}, {PortType::Object});
    CHECK(host::convertForPort(port, Value::object({{"a", Value::number(1)}})).ok());
    auto bad = host::convertForPort(port, Value::text("x"));
    CHECK_FALSE(bad.ok());
    CHECK(bad.error.find("Object") != std::string::npos);
}

TEST_CASE("text that is not UTF-8 is refused at the port, nested values included") {
    Port subject = Port::make("subject", {"Тема", "Subject"}, {PortType::Text});
    CHECK(host::convertForPort(subject, Value::text("Отчёт 😀")).ok());
    auto bad = host::convertForPort(subject, Value::text("Otch\xF1t"));  // "ё" in cp1251
    CHECK_FALSE(bad.ok());
    CHECK(bad.error.find("not valid UTF-8 text (a bad byte at offset 4") != std::string::npos);
    Port list = Port::make("recipient", {"Получатель", "Recipient"}, {PortType::Text, PortType::List});
    CHECK_FALSE(host::convertForPort(list, Value::list({Value::text("a@example.org"), Value::text("\xC0\xAF")})).ok());
}

TEST_CASE("the UTF-8 check refuses overlong forms, surrogates, code points past U+10FFFF and cut sequences") {
    using sdk::utf8::firstInvalid;
    CHECK(firstInvalid("plain ascii") == std::string::npos);
    CHECK(firstInvalid("\xD0\x9E\xE2\x82\xAC\xF0\x9F\x98\x80") == std::string::npos);  // О € 😀
    CHECK(firstInvalid("a\xC0\x80") == 1);          // overlong NUL
    CHECK(firstInvalid("ab\xE0\x80\xAF") == 2);     // overlong "/"
    CHECK(firstInvalid("\xED\xA0\x80") == 0);       // a surrogate
    CHECK(firstInvalid("\xF4\x90\x80\x80") == 0);   // past U+10FFFF
    CHECK(firstInvalid("ok\xE2\x82") == 2);         // cut short
    CHECK(firstInvalid("\x80") == 0);               // a lone continuation byte
}
