// Recipient lists as users type them: separators, display names, duplicates, and refusal of anything invalid.
#include <doctest/doctest.h>

#include "send_email/message/address_list.hpp"

using namespace mailblock::message;

TEST_CASE("semicolons, commas, new lines and spaces separate addresses") {
    AddressList r = parseAddressList(" a@example.org;b@example.org , c@example.org\nd@example.org; ");
    CHECK(r.errors.empty());
    REQUIRE(r.mailboxes.size() == 4);
    CHECK(r.mailboxes[3].address == "d@example.org");
}

TEST_CASE("display names: plain Cyrillic, quoted with a comma, and bare angle brackets") {
    AddressList r = parseAddressList("Иван Петров <ivan@example.ru>; \"Petrov, Ivan\" <i@example.ru>, <x@example.ru>");
    CHECK(r.errors.empty());
    REQUIRE(r.mailboxes.size() == 3);
    CHECK(r.mailboxes[0] == Mailbox{"Иван Петров", "ivan@example.ru"});
    CHECK(r.mailboxes[1] == Mailbox{"Petrov, Ivan", "i@example.ru"});
    CHECK(r.mailboxes[2] == Mailbox{"", "x@example.ru"});
}

TEST_CASE("an address given twice is kept once, whatever its case") {
    AddressList r = parseAddressList("a@example.org; A@Example.org; Anna <a@example.org>");
    REQUIRE(r.mailboxes.size() == 1);
}

TEST_CASE("invalid addresses are named in the error") {
    AddressList r = parseAddressList("ivan@; good@example.org; no-at-sign; a..b@example.org; x@-bad-.org; y@nodot");
    CHECK(r.mailboxes.size() == 1);
    REQUIRE(r.errors.size() == 5);
    CHECK(r.errors[0].find("\"ivan@\"") != std::string::npos);
    CHECK(r.errors[1].find("no-at-sign") != std::string::npos);
}

TEST_CASE("header and command injection through an address is impossible") {
    CHECK_FALSE(validateAddress("a@example.org\r\nBcc: evil@example.org").empty());
    CHECK_FALSE(validateAddress("a@example.org>\r\nRCPT TO:<evil@example.org").empty());
    CHECK_FALSE(validateAddress(std::string("a@exa\0mple.org", 15)).empty());
    CHECK_FALSE(validateAddress("a b@example.org").empty());
    // A line break only separates two items; neither can carry it into a name.
    AddressList r = parseAddressList("Name\r\nBcc: x <a@example.org>");
    for (const auto& m : r.mailboxes) CHECK(m.name.find_first_of("\r\n") == std::string::npos);
    CHECK(r.errors.size() == 1);
}

TEST_CASE("length limits and non-ASCII addresses") {
    CHECK_FALSE(validateAddress(std::string(65, 'a') + "@example.org").empty());
    CHECK(validateAddress(std::string(64, 'a') + "@example.org").empty());
    CHECK(validateAddress("иван@example.org").empty());  // RFC 6531: for servers with SMTPUTF8
    CHECK(validateAddress("\"иван петров\"@example.org").empty());
    CHECK(validateAddress("иван\xD0@example.org").find("not valid UTF-8") != std::string::npos);
    CHECK(validateAddress("ivan@пример.рф").find("ASCII (punycode) form") != std::string::npos);
    CHECK(isAscii("ivan@example.org"));
    CHECK_FALSE(isAscii("иван@example.org"));
    CHECK(validateAddress("\"quoted local\"@example.org").empty());
    CHECK(validateAddress("first.o'neil+tag@sub.example.co.uk").empty());
}

TEST_CASE("a domain in Cyrillic is sent in its ASCII form, a Cyrillic mailbox name is kept for SMTPUTF8") {
    AddressList r = parseAddressList("Иван <ivan@Пример.РФ>; anna@почта.рус; иван@пример.рф");
    CHECK(r.errors.empty());
    REQUIRE(r.mailboxes.size() == 3);
    CHECK(r.mailboxes[0].name == "Иван");
    CHECK(r.mailboxes[0].address == "ivan@xn--e1afmkfd.xn--p1ai");
    CHECK(r.mailboxes[1].address == "anna@xn--80a1acny.xn--p1acf");
    CHECK(r.mailboxes[2].address == "иван@xn--e1afmkfd.xn--p1ai");
    // Typed once in Unicode and once in ASCII: the same address, kept once.
    CHECK(parseAddressList("ivan@пример.рф, ivan@xn--e1afmkfd.xn--p1ai").mailboxes.size() == 1);
    AddressList bad = parseAddressList("ivan@при мер.рф");
    REQUIRE(bad.errors.size() == 1);
    CHECK(bad.errors[0].find("cannot be written in ASCII") != std::string::npos);
    std::string sender = "robot@пример.рф";
    CHECK(prepareAddress(sender).empty());
    CHECK(sender == "robot@xn--e1afmkfd.xn--p1ai");
}

TEST_CASE("empty text is an empty list without errors") {
    AddressList r = parseAddressList("  ;  ");
    CHECK(r.mailboxes.empty());
    CHECK(r.errors.empty());
}

TEST_CASE("addresses copied from a spreadsheet: spaces around them, no-break ones too, are trimmed") {
    AddressList r = parseAddressList("\xC2\xA0 ivan@example.org \t; Иван Петров < petrov@example.org >\xC2\xA0\n\xEF\xBB\xBFx@example.org");
    CHECK(r.errors.empty());
    REQUIRE(r.mailboxes.size() == 3);
    CHECK(r.mailboxes[0].address == "ivan@example.org");
    CHECK(r.mailboxes[1] == Mailbox{"Иван Петров", "petrov@example.org"});
    CHECK(r.mailboxes[2].address == "x@example.org");
    std::string sender = "  robot@example.org\xC2\xA0";
    CHECK(prepareAddress(sender, "ru").empty());
    CHECK(sender == "robot@example.org");
}

TEST_CASE("an invalid address says why in the run's language") {
    AddressList r = parseAddressList("ivan petrov@example.org; no-at-sign; a..b@example.org; y@nodot; <x@y.org", "ru");
    REQUIRE(r.errors.size() == 5);
    CHECK(r.errors[0] == "\"ivan petrov@example.org\" — не адрес электронной почты (пробел внутри)");
    CHECK(r.errors[1] == "\"no-at-sign\" — не адрес электронной почты (нет @)");
    CHECK(r.errors[2].find("две подряд") != std::string::npos);
    CHECK(r.errors[3].find("в домене нет точки") != std::string::npos);
    CHECK(r.errors[4].find("непарные < >") != std::string::npos);
    for (const auto& e : r.errors) CHECK(e.find("valid") == std::string::npos);
    CHECK(validateAddress("ivan@", "en") == "\"ivan@\" is not a valid email address (nothing after the @)");
}
