// Mailbox names in modified UTF-7, Sent folder discovery, provider rules and the internal date.
#include <doctest/doctest.h>

#include "save_to_sent/imap/mutf7.hpp"
#include "save_to_sent/imap_date.hpp"
#include "save_to_sent/sent_folder.hpp"

using namespace mailblock::save_to_sent;

TEST_CASE("modified UTF-7 round-trips Cyrillic, ampersands and emoji") {
    CHECK(imap::encodeMailboxName("Отправленные") == "&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-");
    CHECK(imap::decodeMailboxName("&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-") == "Отправленные");
    CHECK(imap::encodeMailboxName("Tom & Jerry") == "Tom &- Jerry");
    CHECK(imap::decodeMailboxName("Tom &- Jerry") == "Tom & Jerry");
    CHECK(imap::encodeMailboxName("~peter/mail/台北/日本語") == "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
    for (const char* name : {"Sent", "Входящие/Отчёты 2026", "📤 Sent", "a&b&"})
        CHECK(imap::decodeMailboxName(imap::encodeMailboxName(name)) == name);
    CHECK_THROWS_AS(imap::decodeMailboxName("&BB4"), std::invalid_argument);
    CHECK_THROWS_AS(imap::encodeMailboxName("\xff"), std::invalid_argument);
}

namespace {
imap::Mailbox box(const std::string& name, std::vector<std::string> flags = {}) {
    return imap::Mailbox{name, imap::encodeMailboxName(name), std::move(flags)};
}
}  // namespace

TEST_CASE("the \\Sent flag wins over the usual names") {
    auto found = findSentFolder({box("INBOX"), box("Sent"), box("Отправленные", {"\\HasNoChildren", "\\Sent"})});
    REQUIRE(found);
    CHECK(found->name == "Отправленные");
}

TEST_CASE("without flags the usual names are tried in order, also under INBOX.") {
    CHECK(findSentFolder({box("INBOX"), box("Sent Items"), box("Sent")})->name == "Sent");
    CHECK(findSentFolder({box("INBOX"), box("INBOX.Sent Messages")})->name == "INBOX.Sent Messages");
    CHECK(findSentFolder({box("INBOX"), box("[Gmail]", {"\\Noselect"}), box("[Gmail]/Sent Mail")})->name == "[Gmail]/Sent Mail");
    CHECK_FALSE(findSentFolder({box("INBOX"), box("Drafts")}));
}

TEST_CASE("a folder given by name must exist and be selectable") {
    CHECK(findFolder({box("Отправленные")}, "Отправленные"));
    CHECK_FALSE(findFolder({box("[Gmail]", {"\\Noselect"})}, "[Gmail]"));
    CHECK(findFolder({box("INBOX")}, "inbox"));
}

TEST_CASE("IMAP hosts derive from SMTP hosts by the providers' rules") {
    CHECK(imapServerFor("smtp.yandex.ru").setting.host == "imap.yandex.ru");
    CHECK(imapServerFor("smtp.mail.ru").setting.host == "imap.mail.ru");
    CHECK(imapServerFor("smtp.gmail.com").setting.host == "imap.gmail.com");
    CHECK(imapServerFor("smtp-mail.outlook.com").setting.host == "outlook.office365.com");
    CHECK(imapServerFor("smtp.example.org").setting.host == "imap.example.org");
    CHECK(imapServerFor("127.0.0.1").setting.host == "127.0.0.1");
}

TEST_CASE("a provider's IMAP server comes with its port and security, a guessed one leaves them to the ports") {
    ImapGuess yandex = imapServerFor("smtp.yandex.ru");
    REQUIRE(yandex.preset != nullptr);
    CHECK(yandex.preset->id == "yandex");
    CHECK(yandex.setting.port == 993);
    CHECK(yandex.setting.security == mailblock::common::Security::Implicit);
    ImapGuess other = imapServerFor("smtp.example.org");
    CHECK(other.preset == nullptr);
    CHECK(other.setting.port == 0);
}

TEST_CASE("Gmail and Outlook file their own copy but Yandex does not") {
    CHECK(providerFilesSentCopy("imap.gmail.com"));
    CHECK(providerFilesSentCopy("outlook.office365.com"));
    CHECK_FALSE(providerFilesSentCopy("imap.yandex.ru"));
    CHECK_FALSE(providerFilesSentCopy("notgmail.com.example"));
}

TEST_CASE("the message's Date becomes the IMAP internal date") {
    CHECK(imapInternalDate("Wed, 25 Nov 2026 02:21:45 +0000") == "25-Nov-2026 02:21:45 +0000");
    CHECK(imapInternalDate("5 Jan 2027 23:00:00 +0300") == " 5-Jan-2027 23:00:00 +0300");
    CHECK(imapInternalDate("yesterday").empty());
}
