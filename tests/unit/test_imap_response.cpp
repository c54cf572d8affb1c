// The IMAP response reader over recorded transcripts: untagged noise, quoted strings, literals, NO/BAD.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>

#include "save_to_sent/imap/client.hpp"
#include "save_to_sent/imap/response.hpp"

using namespace mailblock::save_to_sent::imap;

namespace {

// A byte source that hands out the transcript in small pieces, as a socket might.
ByteSource source(const std::string& transcript, size_t piece = 7) {
    auto pos = std::make_shared<size_t>(0);
    return [transcript, pos, piece](char* buf, size_t max) {
        size_t n = std::min({piece, max, transcript.size() - *pos});
        transcript.copy(buf, n, *pos);
        *pos += n;
        return n;
    };
}

}  // namespace

TEST_CASE("Dovecot: greeting with capabilities, LIST with SPECIAL-USE and a Cyrillic name, APPENDUID") {
    ResponseReader reader(source(
        "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN] Dovecot ready.\r\n"
        "* LIST (\\HasNoChildren \\Sent) \"/\" \"&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-\"\r\n"
        "* LIST (\\HasNoChildren) \"/\" INBOX\r\n"
        "A3 OK List completed (0.001 + 0.000 secs).\r\n"
        "A4 OK [APPENDUID 1700000000 42] Append completed.\r\n"));
    Status greeting = parseStatus(reader.next());
    CHECK(greeting.tag == "*");
    CHECK(greeting.status == "OK");
    CHECK(greeting.code.rfind("CAPABILITY IMAP4rev1", 0) == 0);
    CHECK(greeting.text == "Dovecot ready.");
    std::vector<Token> list = tokenize(reader.next());
    REQUIRE(list.size() == 7);
    CHECK(list[0].value == "LIST");
    CHECK(list[3].value == "\\Sent");
    CHECK(list[5].value == "/");
    CHECK(list[6].value == "&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-");
    CHECK(tokenize(reader.next()).back().value == "INBOX");
    CHECK(parseStatus(reader.next()).status == "OK");
    Status appended = parseStatus(reader.next());
    CHECK(appended.tag == "A4");
    CHECK(appended.code == "APPENDUID 1700000000 42");
}

TEST_CASE("Gmail-like: XLIST flags and a mailbox name sent as a literal") {
    ResponseReader reader(source(
        "* XLIST (\\HasNoChildren \\Sent) \"/\" {17}\r\n[Gmail]/Sent Mail\r\n"
        "* XLIST (\\HasChildren \\Noselect) \"/\" \"[Gmail]\"\r\n"
        "A2 OK Success\r\n",
        3));
    RawResponse r = reader.next();
    REQUIRE(r.literals.size() == 1);
    std::vector<Token> t = tokenize(r);
    CHECK(t.back().kind == Token::Kind::String);
    CHECK(t.back().value == "[Gmail]/Sent Mail");
    CHECK(tokenize(reader.next()).back().value == "[Gmail]");
}

TEST_CASE("Yandex-like: NO with a response code, BAD, and quoted strings with escapes") {
    ResponseReader reader(source(
        "* LIST (\\HasNoChildren) \"|\" \"Sent \\\"old\\\" \\\\ x\"\r\n"
        "A5 NO [AUTHENTICATIONFAILED] LOGIN failed.\r\n"
        "A6 BAD Command syntax error\r\n"
        "A7 NO [OVERQUOTA] Quota exceeded (mailbox for user is full)\r\n"));
    CHECK(tokenize(reader.next()).back().value == "Sent \"old\" \\ x");
    Status no = parseStatus(reader.next());
    CHECK(no.status == "NO");
    CHECK(no.code == "AUTHENTICATIONFAILED");
    CHECK(no.text == "LOGIN failed.");
    CHECK(parseStatus(reader.next()).status == "BAD");
    CHECK(parseStatus(reader.next()).code == "OVERQUOTA");
}

TEST_CASE("untagged noise (EXISTS, RECENT, FLAGS, SEARCH) reads as data, continuation as +") {
    ResponseReader reader(source("* 172 EXISTS\r\n* 1 RECENT\r\n* SEARCH 4 17 23\r\n+ Ready for literal data\r\n"));
    CHECK(parseStatus(reader.next()).status.empty());
    reader.next();
    std::vector<Token> search = tokenize(reader.next());
    REQUIRE(search.size() == 4);
    CHECK(search[3].value == "23");
    Status plus = parseStatus(reader.next());
    CHECK(plus.tag == "+");
    CHECK(plus.text == "Ready for literal data");
}

TEST_CASE("bounds: an endless line and a huge literal are refused, a closed connection is an error") {
    std::string endless(kMaxLine + 10, 'x');
    ResponseReader long_line(source("* " + endless, 4096));
    CHECK_THROWS_AS(long_line.next(), ProtocolError);
    ResponseReader huge(source("* LIST () \"/\" {999999999}\r\n"));
    CHECK_THROWS_AS(huge.next(), ProtocolError);
    ResponseReader closed(source("* OK partial"));
    CHECK_THROWS_WITH_AS(closed.next(), "the server closed the connection", ProtocolError);
}

TEST_CASE("LOGIN arguments: 7-bit text is quoted, 8-bit text (a Cyrillic password) and line breaks go as literals") {
    CHECK(commandPieces("LOGIN", {"ivan", "pa\"ss"}) == std::vector<std::string>{"LOGIN \"ivan\" \"pa\\\"ss\""});
    CHECK(commandPieces("LOGIN", {"ivan", "пароль"}) == std::vector<std::string>{"LOGIN \"ivan\" {12}", "пароль"});
    CHECK(commandPieces("LOGIN", {"иван", "secret"}) == std::vector<std::string>{"LOGIN {8}", "иван \"secret\""});
    CHECK(commandPieces("LOGIN", {"иван", "a\r\nb"}) == std::vector<std::string>{"LOGIN {8}", "иван {4}", "a\r\nb"});
    CHECK(quotable("robot@example.org"));
    CHECK_FALSE(quotable("ёж"));
    CHECK_FALSE(quotable(std::string("a\0b", 3)));
}

TEST_CASE("after the reader's last response nothing is left over, unless the server sent more") {
    ResponseReader r(source("A1 OK begin TLS\r\n"));
    r.next();
    CHECK(r.buffered() == 0);
    ResponseReader injected(source("A1 OK begin TLS\r\n* LIST (\\Sent) \"/\" evil\r\n", 64));
    injected.next();
    CHECK(injected.buffered() == 25);  // the whole injected line
}
