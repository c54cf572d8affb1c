// Every failure kind with its stage, codes and a hint that says what to do (reference 004's table), per provider.
#include <doctest/doctest.h>

#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>

#include "send_email/smtp/dialog.hpp"
#include "send_email/smtp/errors.hpp"

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

mailblock::sdk::BlockError thrown(Stage stage, const std::exception& ex, Security security = Security::StartTls) {
    static Endpoint e;
    e.host = "smtp.example.org";
    e.port = 465;
    e.security = security;
    return exceptionError(stage, ex, Where{&e, "en"});
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

TEST_CASE("reply codes map to kinds with hints") {
    auto need_auth = refused(Stage::Mail, 503, "503 5.5.4 Error: send AUTH command first.", "smtp.example.org");
    CHECK(need_auth.kind == "authentication_required");
    CHECK(has(need_auth.hint, "авторизации"));
    auto busy = refused(Stage::Greeting, 421, "421 4.7.0 Too many connections", "smtp.example.org", "en");
    CHECK(busy.kind == "server_busy");
    CHECK(has(busy.hint, "587"));
    auto spam = refused(Stage::EndOfData, 554, "554 5.7.1 [2] Message rejected under suspicion of SPAM", "smtp.yandex.ru", "en");
    CHECK(spam.kind == "message_rejected");
    CHECK(has(spam.hint, "spam"));
    auto sender = refused(Stage::Mail, 553, "553 5.7.1 Sender address rejected: not owned by user", "smtp.example.org", "en");
    CHECK(sender.kind == "sender_rejected");
    auto rcpt = refused(Stage::Rcpt, 550, "550 5.1.1 User unknown", "smtp.example.org", "en");
    CHECK(rcpt.kind == "recipient_rejected");
    CHECK(has(rcpt.hint, "mailbox may not exist"));
    CHECK(refused(Stage::EndOfData, 552, "552 5.3.4 Message size exceeds fixed limit", "x.org").kind == "size_exceeded");
    CHECK(refused(Stage::Rcpt, 451, "451 4.3.0 Temporary lookup failure", "x.org", "en").hint == "A temporary server failure: try again later.");
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
