// Text from outside made safe: a server's Windows-1251 decoded, junk made visible as U+FFFD, spreadsheet spaces
// trimmed, and the host's JSON never invalid UTF-8; every error's fate said first, in the run's language.
#include <doctest/doctest.h>

#include <Poco/Net/NetException.h>

#include <cerrno>

#include "common/outcome.hpp"
#include "mailblock/sdk/json.hpp"
#include "mailblock/sdk/utf8.hpp"
#include "save_to_sent/errors.hpp"
#include "save_to_sent/imap/client.hpp"

using namespace mailblock;
namespace utf8 = mailblock::sdk::utf8;

namespace {
bool valid(const std::string& s) { return utf8::firstInvalid(s) == std::string::npos; }
const std::string kReplacement = "\xEF\xBF\xBD";
}  // namespace

TEST_CASE("Windows-1251 that reads as Russian is decoded, Ё and typographic quotes included") {
    // «Ошибка: ящик Ёлкина переполнен» — Windows-1251.
    CHECK(utf8::fromServer("\xAB\xCE\xF8\xE8\xE1\xEA\xE0: \xFF\xF9\xE8\xEA \xA8\xEB\xEA\xE8\xED\xE0 "
                           "\xEF\xE5\xF0\xE5\xEF\xEE\xEB\xED\xE5\xED\xBB") == "«Ошибка: ящик Ёлкина переполнен»");
    CHECK(utf8::fromServer("550 \xED\xE5\xF2 \x97 \xB9 5") == "550 нет — № 5");
}

TEST_CASE("text already in UTF-8 is kept as it is") {
    CHECK(utf8::fromServer("Ящик переполнен ✓") == "Ящик переполнен ✓");
    CHECK(utf8::fromServer("") == "");
}

TEST_CASE("junk is not taken for Windows-1251: its bad bytes become U+FFFD") {
    const std::string junk("ok \x00\x01\xFF\xFE\x81\x98\xC3(", 11);
    std::string out = utf8::fromServer(junk);
    CHECK(valid(out));
    CHECK(out.rfind("ok ", 0) == 0);
    CHECK(out.find(kReplacement) != std::string::npos);
    // Mostly Latin-1 accents (not Cyrillic letters) are not decoded as Windows-1251 either.
    std::string latin = utf8::fromServer("caf\xE9 na\xEFve \x80\x85\x99\xA9\xAE");
    CHECK(valid(latin));
    CHECK(latin.find(kReplacement) != std::string::npos);
    CHECK(utf8::repaired("a\xE2\x82") == "a" + kReplacement + kReplacement);  // a cut character, byte by byte
}

TEST_CASE("spaces a spreadsheet cell brings along are trimmed, no-break and zero-width ones too") {
    CHECK(utf8::trimmed("  ivan@example.org\t") == "ivan@example.org");
    CHECK(utf8::trimmed("\xC2\xA0ivan@example.org\xC2\xA0\xE2\x80\x8B") == "ivan@example.org");
    CHECK(utf8::trimmed("\xEF\xBB\xBFИван Петров \xE3\x80\x80") == "Иван Петров");
    CHECK(utf8::trimmed("Иван\xC2\xA0Петров") == "Иван\xC2\xA0Петров");  // inside: kept
    CHECK(utf8::trimmed(" \xC2\xA0 ") == "");
}

TEST_CASE("the host's JSON is valid UTF-8 whatever a value holds; the wire form carries text as it is") {
    sdk::Value v = sdk::Value::dictionary();
    v.set("server_text", sdk::Value::text("bad \xFF\xFE bytes"));
    v.set(std::string("key\xC3"), sdk::Value::text("x"));
    for (auto form : {sdk::json::Form::Display, sdk::json::Form::Plain}) {
        std::string out = sdk::json::write(v, form);
        CHECK(valid(out));
        CHECK(out.find("bad " + kReplacement + kReplacement + " bytes") != std::string::npos);
        CHECK(sdk::json::parse(out).textOf("server_text") == "bad " + kReplacement + kReplacement + " bytes");
    }
    CHECK(sdk::json::write(v, sdk::json::Form::Wire).find("bad \xFF\xFE bytes") != std::string::npos);
}

TEST_CASE("an error says the message's fate first, once, in the run's language") {
    sdk::BlockError e;
    e.kind = "timeout";
    e.message = "Сервер smtp.example.org:587 не ответил вовремя при входе (AUTH).";
    sdk::BlockError ru = common::fate::stated(e, common::fate::kNotSent, "ru");
    CHECK(ru.fate == "not_sent");
    CHECK(ru.message == "Письмо не отправлено. Сервер smtp.example.org:587 не ответил вовремя при входе (AUTH).");
    CHECK(common::fate::stated(ru, common::fate::kNotSent, "ru").message == ru.message);
    e.fate = common::fate::kPartial;
    e.message = "2 of 3 recipients took it.";
    CHECK(common::fate::stated(e, common::fate::kNotSent, "en").message ==
          "The message was not sent to every recipient. 2 of 3 recipients took it.");
    e.fate = common::fate::kUnknown;
    CHECK(common::fate::stated(e, "", "ru").message.rfind("Неизвестно, принято ли письмо. ", 0) == 0);
    e.fate = common::fate::kCopyNotSaved;
    CHECK(common::fate::stated(e, "", "en")
              .message.rfind("The email was delivered, but its copy was not stored in the Sent folder. ", 0) == 0);
    CHECK(common::fate::stated(e, "", "en").toValue().textOf("fate") == "copy_not_saved");
}

TEST_CASE("IMAP failures in Russian: no English, the fate first") {
    common::Endpoint where;
    where.host = "imap.example.org";
    where.port = 993;
    auto ru = [&](const std::exception& e) { return save_to_sent::saveError(e, where, "ru"); };
    const sdk::BlockError errors[] = {
        ru(save_to_sent::imap::ProtocolError("server sent a line longer than 64 KB")),
        ru(save_to_sent::imap::ProtocolError("the server closed the connection")),
        ru(Poco::Net::ConnectionResetException(ECONNRESET)),
        ru(save_to_sent::imap::CommandFailed(
            "APPEND", {"A5", "NO", "", "\xCF\xF0\xE5\xE2\xFB\xF8\xE5\xED\xE0 \xEA\xE2\xEE\xF2\xE0"})),
    };
    for (const auto& e : errors) {
        CAPTURE(e.message);
        CHECK(e.fate == "copy_not_saved");
        CHECK(utf8::firstInvalid(e.message) == std::string::npos);
        for (const char* english : {"server sent", "the server", "Connection reset", "KB"})
            CHECK(e.message.find(english) == std::string::npos);
    }
    CHECK(errors[0].message.find("сервер ответил не по протоколу") != std::string::npos);
    CHECK(errors[1].message.find("сервер закрыл соединение") != std::string::npos);
    CHECK(errors[3].kind == "over_quota");
    CHECK(errors[3].server_text == "Превышена квота");
    CHECK(common::fate::stated(errors[3], "", "ru").message ==
          "Письмо отправлено, но его копия в «Отправленных» не сохранена. Ящик переполнен: «NO Превышена квота».");
}
