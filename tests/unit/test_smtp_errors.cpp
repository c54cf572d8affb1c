// Every failure kind with its stage, codes and a hint that says what to do (reference 004's table), per provider.
#include <doctest/doctest.h>

#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>

#include "send_email/smtp/dialog.hpp"
#include "send_email/smtp/errors.hpp"
#include "mailblock/sdk/utf8.hpp"

#include <cerrno>

using namespace mailblock::send_email::smtp;
using mailblock::common::Endpoint;
using mailblock::common::Security;

namespace {

mailblock::sdk::BlockError refused(Stage stage, int code, const std::string& lines, const std::string& host,
                                   const std::string& lang = "ru") {
    static Endpoint e;
    e.host = host;
    e.port = 587;
    return replyError(stage, parseReply(code, lines), Where{&e, lang});
}

mailblock::sdk::BlockError thrown(Stage stage, const std::exception& ex, Security security = Security::StartTls,
                                  const std::string& lang = "en") {
    static Endpoint e;
    e.host = "smtp.example.org";
    e.port = 465;
    e.security = security;
    return exceptionError(stage, ex, Where{&e, lang});
}

bool has(const std::string& text, const char* needle) { return text.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("535 5.7.8 on Yandex, Mail.ru and Gmail asks for that provider's application password") {
    auto y = refused(Stage::Auth, 535, "535 5.7.8 Error: authentication failed: Invalid user or password!", "smtp.yandex.ru");
    CHECK(y.kind == "authentication");
    CHECK(y.stage == "auth");
    CHECK(y.code == 535);
    CHECK(y.enhanced == "5.7.8");
    CHECK(has(y.hint, "пароль приложения"));
    CHECK(has(y.hint, "yandex.ru/support/id/authorization/app-passwords"));
    CHECK(has(refused(Stage::Auth, 535, "535 5.7.0 NEOBHODIM parol prilozheniya", "smtp.mail.ru").hint, "id.mail.ru/security"));
    auto g = refused(Stage::Auth, 534, "534-5.7.14 <https://accounts.google.com/signin/continue?...>\n534 5.7.14 Please log in", "smtp.gmail.com", "en");
    CHECK(has(g.hint, "app password"));
}

TEST_CASE("535 5.7.3 on Outlook says basic authentication is off and OAuth2 is needed") {
    auto e = refused(Stage::Auth, 535, "535 5.7.3 Authentication unsuccessful", "smtp-mail.outlook.com", "en");
    CHECK(has(e.hint, "OAuth2"));
    CHECK(has(e.hint, "basic"));
}

// Reference 004's table, read with the stage in mind, plus the refusals real servers give around it: each row
// is (stage, reply, host) -> kind and a phrase of the English hint.
struct HintRow {
    Stage stage;
    int code;
    const char* reply;
    const char* host;
    const char* kind;
    const char* hint;
};

const HintRow kHintTable[] = {
    // 004: 421 SMTP connection broken: try later, 587/465, allow mail clients, plan limits.
    {Stage::Greeting, 421, "421 4.7.0 Too many connections", "smtp.example.org", "server_busy", "587"},
    {Stage::Rcpt, 421, "421 4.4.2 Connection dropped", "smtp.example.org", "server_busy", "allow mail clients"},
    // 004: 503 5.5.4 send AUTH command first: sign in.
    {Stage::Mail, 503, "503 5.5.4 Error: send AUTH command first.", "smtp.example.org", "authentication_required", "send AUTH first"},
    {Stage::Rcpt, 503, "503 5.5.1 Error: need AUTH first", "smtp.example.org", "authentication_required", "fill in Login"},
    {Stage::Mail, 530, "530 5.7.0 Authentication required", "smtp.example.org", "authentication_required", "send AUTH first"},
    {Stage::Mail, 530, "530 5.7.0 Must issue a STARTTLS command first", "smtp.example.org", "authentication_required", "choose Security STARTTLS"},
    // 004: 534 5.7.14 (Gmail): the provider's sign-in advice.
    {Stage::Auth, 534, "534-5.7.14 <https://accounts.google.com/signin/continue>\n534 5.7.14 Please log in", "smtp.gmail.com", "authentication", "app password"},
    // 004: 535 authentication failed: password, browser sign-in, application passwords.
    {Stage::Auth, 535, "535 5.7.8 Error: authentication failed", "smtp.example.org", "authentication", "application password"},
    {Stage::Auth, 535, "535 5.7.0 NEOBHODIM parol prilozheniya", "smtp.mail.ru", "authentication", "id.mail.ru/security"},
    // 004: 535 5.7.3 Authentication unsuccessful (Microsoft): OAuth2.
    {Stage::Auth, 535, "535 5.7.3 Authentication unsuccessful", "smtp-mail.outlook.com", "authentication", "OAuth2"},
    {Stage::Auth, 504, "504 5.5.4 Unrecognized authentication type", "smtp.example.org", "authentication", "choose Auto"},
    {Stage::Auth, 454, "454 4.7.0 Temporary authentication failure", "smtp.example.org", "authentication", "try again later"},
    // 004: 554 5.7.1 Message rejected under suspicion of SPAM: at the end of the data it is spam...
    {Stage::EndOfData, 554, "554 5.7.1 [2] Message rejected under suspicion of SPAM", "smtp.yandex.ru", "message_rejected", "spam"},
    {Stage::EndOfData, 550, "550 5.7.1 Message rejected by policy", "smtp.example.org", "message_rejected", "spam"},
    // ... at RCPT the same 5.7.1 is a relay refusal: sign in, or send through your own server.
    {Stage::Rcpt, 554, "554 5.7.1 <x@example.net>: Relay access denied", "smtp.example.org", "recipient_rejected", "does not relay"},
    {Stage::Rcpt, 550, "550 5.7.1 Unable to relay", "smtp.example.org", "recipient_rejected", "sign in"},
    {Stage::Rcpt, 454, "454 4.7.1 <x@example.net>: Relay access denied", "smtp.example.org", "recipient_rejected", "does not relay"},
    // ... and at MAIL (553 5.7.1 not owned by user) the sender must match the login.
    {Stage::Mail, 553, "553 5.7.1 <boss@example.org>: Sender address rejected: not owned by user robot@example.org",
     "smtp.example.org", "sender_rejected", "must be the login's own address"},
    {Stage::Mail, 550, "550 5.7.60 SMTP; Client does not have permissions to send as this sender", "smtp.office365.com",
     "sender_rejected", "must be the login's own address"},
    {Stage::EndOfData, 554, "554 5.2.252 SendAsDenied; robot@example.org not allowed to send as boss@example.org",
     "smtp.office365.com", "message_rejected", "must be the login's own address"},
    {Stage::Mail, 553, "553 5.1.8 <x@nowhere>: Sender address rejected: Domain not found", "smtp.example.org", "sender_rejected",
     "check the sender email"},
    // Recipients: unknown, full, too many at once, temporary.
    {Stage::Rcpt, 550, "550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown", "smtp.example.org",
     "recipient_rejected", "mailbox may not exist"},
    {Stage::Rcpt, 552, "552 5.2.2 Mailbox full", "smtp.example.org", "size_exceeded", "mailbox is full"},
    {Stage::Rcpt, 452, "452 4.5.3 Too many recipients", "smtp.example.org", "recipient_rejected", "split the mailing"},
    {Stage::Rcpt, 451, "451 4.3.0 Temporary lookup failure", "smtp.example.org", "recipient_rejected", "try again later"},
    {Stage::Rcpt, 450, "450 4.7.1 Greylisted, try again later", "smtp.example.org", "recipient_rejected", "try again later"},
    // Size, at MAIL (SIZE=) and at the end of the data.
    {Stage::Mail, 552, "552 5.3.4 Message size exceeds fixed limit", "smtp.example.org", "size_exceeded", "larger than the server accepts"},
    {Stage::EndOfData, 552, "552 5.3.4 Message size exceeds fixed limit", "smtp.example.org", "size_exceeded", "larger than the server accepts"},
    {Stage::EndOfData, 451, "451 4.3.0 Error: queue file write error", "smtp.example.org", "message_rejected", "try again later"},
    // The opening: a server that takes no connections from here; a name it will not take in EHLO.
    {Stage::Greeting, 554, "554 5.7.1 Access denied: your IP is listed", "smtp.example.org", "rejected", "takes no connections"},
    {Stage::Ehlo, 504, "504 5.5.2 <robot>: Helo command rejected: need fully-qualified hostname", "smtp.example.org", "rejected",
     "EHLO name"},
};

TEST_CASE("each row of the hint table: the stage decides with the code") {
    for (const auto& row : kHintTable) {
        const std::string reply = row.reply, stage = stageName(row.stage);
        CAPTURE(reply);
        CAPTURE(stage);
        auto e = refused(row.stage, row.code, row.reply, row.host, "en");
        CHECK(e.kind == row.kind);
        CHECK(e.stage == stageName(row.stage));
        CHECK(e.code == row.code);
        CHECK(e.fate == "not_sent");
        CAPTURE(e.hint);
        CHECK(has(e.hint, row.hint));
        CHECK_FALSE(e.hint.empty());
        // The Russian text has a hint too, and the relay refusal is never called spam in either language.
        CHECK_FALSE(refused(row.stage, row.code, row.reply, row.host, "ru").hint.empty());
        if (has(row.reply, "Relay")) CHECK_FALSE(has(e.hint, "spam"));
    }
}

TEST_CASE("the refusal's text names the stage in words and quotes the server as it was") {
    auto ru = refused(Stage::Rcpt, 554, "554 5.7.1 <x@example.net>: Relay access denied", "smtp.example.org");
    CHECK(ru.message == "Сервер smtp.example.org:587 отказал при передаче адреса получателя (RCPT TO): «554 5.7.1 <x@example.net>: Relay access denied».");
    CHECK(has(ru.hint, "не пересылает"));
    auto en = refused(Stage::EndOfData, 554, "554 5.7.1 Spam", "smtp.example.org", "en");
    CHECK(en.message == "Server smtp.example.org:587 refused after the message was transferred: \"554 5.7.1 Spam\".");
    CHECK_FALSE(has(refused(Stage::EndOfData, 554, "554 5.7.1 Spam", "x.org").message, "end_of_data"));
}

TEST_CASE("network and TLS failures map to kinds with the right hint") {
    CHECK(thrown(Stage::Connect, Poco::Net::HostNotFoundException("smtp.example.org")).kind == "dns");
    CHECK(thrown(Stage::Connect, Poco::Net::ConnectionRefusedException("x")).kind == "connect_refused");
    auto silent = thrown(Stage::Greeting, Poco::TimeoutException("x"));
    CHECK(silent.kind == "timeout");
    CHECK(has(silent.hint, "SSL on connect"));
    auto mismatch = thrown(Stage::Tls, Poco::Net::SSLException("error:0A00010B:SSL routines::wrong version number"), Security::Implicit);
    CHECK(mismatch.kind == "tls");
    CHECK(has(mismatch.hint, "choose STARTTLS"));
    auto name = thrown(Stage::Tls, Poco::Net::CertificateValidationException("Unacceptable certificate from 1.2.3.4: application verification failure"));
    CHECK(has(name.hint, "another name"));
    CHECK(has(thrown(Stage::Tls, Poco::Net::SSLException("certificate verify failed")).hint, "trusted authority"));
    CHECK(thrown(Stage::Ehlo, ProtocolViolation("not SMTP")).kind == "protocol");
    CHECK(thrown(Stage::EndOfData, Poco::Net::ConnectionResetException("x")).kind == "unknown_outcome");
    CHECK(thrown(Stage::Data, Poco::Net::ConnectionResetException("x")).kind == "connection_lost");
}

TEST_CASE("a Russian error has no English system words and no stage ids; each says the message's fate") {
    auto ru = [](Stage stage, const std::exception& ex) { return thrown(stage, ex, Security::StartTls, "ru"); };
    const mailblock::sdk::BlockError errors[] = {
        ru(Stage::Data, Poco::Net::ConnectionResetException(ECONNRESET)),
        ru(Stage::Data, Poco::IOException("Operation would block", EWOULDBLOCK)),
        ru(Stage::Rcpt, Poco::TimeoutException("Timeout")),
        ru(Stage::EndOfData, Poco::Net::ConnectionResetException("the server closed the connection")),
        ru(Stage::Ehlo, ProtocolViolation("the server sent a line that is not an SMTP reply: \"HTTP/1.1 400\"")),
        ru(Stage::Tls, Poco::Net::SSLException("error:0A000086:SSL routines::certificate verify failed")),
        ru(Stage::Mail, Poco::IOException("I/O error", 1234)),
    };
    for (const auto& e : errors) {
        CAPTURE(e.message);
        for (const char* english : {"Connection reset", "Operation would block", "Timeout", "end_of_data", "the server",
                                    "I/O error", "SSL routines", "stage", "этап"})
            CHECK_FALSE(has(e.message, english));
    }
    CHECK(has(errors[0].message, "сервер разорвал соединение"));
    CHECK(has(errors[0].message, "при передаче письма (DATA)"));
    CHECK(errors[0].fate == "not_sent");
    CHECK(has(errors[1].message, "сервер перестал принимать данные"));
    CHECK(errors[3].kind == "unknown_outcome");
    CHECK(errors[3].fate == "unknown");
    CHECK(has(errors[3].message, "сервер закрыл соединение"));
    CHECK(has(errors[4].message, "«HTTP/1.1 400»"));  // the server's own line stays quoted as it came
    CHECK(has(errors[5].message, "сертификат сервера не прошёл проверку"));
    CHECK(has(errors[6].message, "системный код 1234"));
}

TEST_CASE("a server's reply in Windows-1251 reads as Russian; junk bytes become U+FFFD, never invalid UTF-8") {
    // "Ящик переполнен" in Windows-1251.
    Reply cp1251 = parseReply(552, "552 5.2.2 \xDF\xF9\xE8\xEA \xEF\xE5\xF0\xE5\xEF\xEE\xEB\xED\xE5\xED");
    CHECK(cp1251.text == "Ящик переполнен");
    CHECK(cp1251.enhanced == "5.2.2");
    Reply junk = parseReply(550, std::string("550 bad \xFF\x00\x81\xC3 end", 16));
    CHECK(mailblock::sdk::utf8::firstInvalid(junk.text) == std::string::npos);
    CHECK(has(junk.text, "\xEF\xBF\xBD"));
    CHECK(has(junk.text, "bad "));
    CHECK(has(junk.text, " end"));
    auto e = refused(Stage::Rcpt, 550, "550 5.1.1 \xCD\xE5\xF2 \xF2\xE0\xEA\xEE\xE3\xEE \xFF\xF9\xE8\xEA\xE0", "x.org");
    CHECK(has(e.message, "«550 5.1.1 Нет такого ящика»"));
    CHECK(e.server_text == "Нет такого ящика");
}
