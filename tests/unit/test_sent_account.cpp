// Which IMAP servers belong to the account a message was sent through (they alone may get its secret), and
// Store a copy = Auto's "the server filed its own copy", decided from the SMTP server the message went through.
#include <doctest/doctest.h>

#include "plugin_fixture.hpp"
#include "run_context.hpp"
#include "save_to_sent/sent_account.hpp"

using namespace mailblock::save_to_sent;
using mailblock::sdk::Value;

namespace {
Value account(const std::string& smtp, const std::string& login = "robot@company.ru",
              const std::string& found_imap = "") {
    Value a = Value::dictionary({{"server", Value::text(smtp)}, {"login", Value::text(login)}});
    if (!found_imap.empty()) a.set("imap", Value::dictionary({{"server", Value::text(found_imap)}}));
    return a;
}
}  // namespace

TEST_CASE("a server host stands for its parent domain, unless that is shared or the host is too short") {
    CHECK(serverDomain("smtp.company.ru") == "company.ru");
    CHECK(serverDomain("SMTP.Company.RU.") == "company.ru");
    CHECK(serverDomain("mail.example.co.uk") == "example.co.uk");
    CHECK(serverDomain("relay.co.uk") == "relay.co.uk");
    CHECK(serverDomain("mailer.com.ru") == "mailer.com.ru");
    CHECK(serverDomain("company.ru") == "company.ru");
    CHECK(serverDomain("localhost") == "localhost");
    CHECK(serverDomain("127.0.0.1") == "127.0.0.1");
    CHECK(serverDomain("::1") == "::1");
}

TEST_CASE("the account's IMAP servers: auto-setup's, the preset's, its own domain; nothing else") {
    CHECK(imapServerOfAccount(account("smtp.company.ru"), "imap.company.ru"));
    CHECK(imapServerOfAccount(account("smtp.company.ru"), "Mail.Company.Ru."));
    CHECK(imapServerOfAccount(account("smtp.company.ru"), "company.ru"));
    CHECK(imapServerOfAccount(account("smtp-mail.outlook.com"), "outlook.office365.com"));  // the preset's
    CHECK(imapServerOfAccount(account("smtp.company.ru", "robot@company.ru", "mx.hoster.net"), "mx.hoster.net"));
    CHECK(imapServerOfAccount(account("127.0.0.1"), "127.0.0.1"));

    CHECK_FALSE(imapServerOfAccount(account("smtp.company.ru"), "imap.evil.example"));
    CHECK_FALSE(imapServerOfAccount(account("smtp.company.ru"), "imap.company.ru.evil.example"));
    CHECK_FALSE(imapServerOfAccount(account("smtp.company.ru"), "notcompany.ru"));
    CHECK_FALSE(imapServerOfAccount(account("smtp.gmail.com"), "imap.yandex.ru"));
    CHECK_FALSE(imapServerOfAccount(account("relay.co.uk"), "imap.other.co.uk"));
    CHECK_FALSE(imapServerOfAccount(account("127.0.0.1"), "localhost"));
    CHECK_FALSE(imapServerOfAccount(account("127.0.0.1"), "10.0.0.1"));
    CHECK_FALSE(imapServerOfAccount(Value::dictionary(), "imap.company.ru"));
}

TEST_CASE("Auto skips only when the SMTP server the message went through files a copy in this same mailbox") {
    CHECK(serverFiledOwnCopy(account("smtp.gmail.com", "me@gmail.com"), "imap.gmail.com", "me@gmail.com"));
    CHECK(serverFiledOwnCopy(account("smtp.office365.com", "me@firm.com"), "outlook.office365.com", "ME@firm.com"));
    // Sent through a company relay, saved to Gmail: the relay filed nothing, so the copy is stored.
    CHECK_FALSE(serverFiledOwnCopy(account("smtp.company.ru", "me@gmail.com"), "imap.gmail.com", "me@gmail.com"));
    // Sent through Gmail, saved into another mailbox (another login, another provider): stored there.
    CHECK_FALSE(serverFiledOwnCopy(account("smtp.gmail.com", "me@gmail.com"), "imap.gmail.com", "other@gmail.com"));
    CHECK_FALSE(serverFiledOwnCopy(account("smtp.gmail.com", "me@gmail.com"), "imap.yandex.ru", "me@gmail.com"));
    CHECK_FALSE(serverFiledOwnCopy(account("smtp.yandex.ru", "me@yandex.ru"), "imap.yandex.ru", "me@yandex.ru"));
    CHECK_FALSE(serverFiledOwnCopy(Value::dictionary(), "imap.gmail.com", "me@gmail.com"));
}

TEST_CASE("a credential handle the plugin does not hold (its run has ended, or it was made up) gives no password") {
    const auto* b = realAndThrowingPlugins().find("mail.save_to_sent");
    REQUIRE(b);
    mb_run_context ctx;
    ctx.descriptor = &b->descriptor;
    ctx.language = "en";
    ctx.run_scope = 7;
    mailblock::host::SecretMask mask;
    ctx.mask = &mask;
    ctx.inputs["sent_message"].wire = R"({"$object": {"bytes": "Subject: x\r\n\r\nx\r\n", "message_id": "a@b", "account": {
        "server": "127.0.0.1", "port": 587, "login": "robot@company.ru",
        "credential": {"$secret": "mailblock-credential-00000000000000000000000000000000"}}}})";
    CHECK(b->factory->run(mailblock::host::hostApi(), &ctx) == 1);
    REQUIRE(ctx.error);
    CHECK(ctx.error->kind == "invalid_input");
    CHECK(
        ctx.error->message.find("Sent message (sent_message): the password of the account the message was sent with is "
                                "no longer available") != std::string::npos);
    CHECK(ctx.error->hint.find("(password)") != std::string::npos);
}
