// The login form fallback's decisions (blocks/send_email/login_fallback.hpp): when a second login form may be tried
// after a 535, and which login the Sent message's account gives Save to Sent for the IMAP server auto-setup found.
// The fallback against real servers is in tests/integration/test_auto_setup.py.
#include <doctest/doctest.h>

#include "send_email/login_fallback.hpp"

using namespace mailblock::send_email;
using mailblock::common::Security;
using mailblock::common::autoconfig::FoundSettings;
using mailblock::common::autoconfig::LoginForm;

namespace {

// A request whose settings auto-setup found for `address`, its SMTP and IMAP servers taking the given forms.
SendRequest found(const std::string& address, LoginForm smtp, LoginForm imap, const std::string& login) {
    SendRequest r;
    FoundSettings f;
    f.address = address;
    f.smtp = {{"smtp.example.org", 465, Security::Implicit}};
    f.imap = {{"imap.example.org", 993, Security::Implicit}};
    f.smtp[0].login = smtp;
    f.imap[0].login = imap;
    r.found_settings = f;
    r.transport.credentials.login = login;
    r.transport.credentials.password = "secret";
    return r;
}

}  // namespace

TEST_CASE("login fallback: the local part is tried only where no source says which form the server takes") {
    CHECK(localPartToTry(found("max@webde.test", LoginForm::Unconfirmed, LoginForm::Unconfirmed, "max@webde.test")) ==
          "max");
    CHECK(localPartToTry(found("max@either.test", LoginForm::Either, LoginForm::Either, "max@either.test")) == "max");
    CHECK(localPartToTry(found("max@icloud.test", LoginForm::Address, LoginForm::LocalPart, "max@icloud.test")) == "");
    CHECK(localPartToTry(found("max@web.de", LoginForm::LocalPart, LoginForm::LocalPart, "max")) == "");
    SendRequest already_local = found("max@webde.test", LoginForm::Unconfirmed, LoginForm::Unconfirmed, "max");
    CHECK(localPartToTry(already_local) == "");  // no "@": nothing else to try
    SendRequest token = found("max@webde.test", LoginForm::Unconfirmed, LoginForm::Unconfirmed, "max@webde.test");
    token.transport.credentials.password.clear();
    token.transport.credentials.token = "ya29.token";
    CHECK(localPartToTry(token) == "");  // a refused token gets a refresh, not another login
    SendRequest typed = found("max@webde.test", LoginForm::Unconfirmed, LoginForm::Unconfirmed, "max@webde.test");
    typed.found_settings.reset();  // Server given by the user: no auto-setup, no fallback
    CHECK(localPartToTry(typed) == "");
}

TEST_CASE("login fallback: the account's IMAP login is the form that IMAP server takes, else the one SMTP accepted") {
    CHECK(imapLogin(found("max@icloud.test", LoginForm::Address, LoginForm::LocalPart, "max@icloud.test")) == "max");
    CHECK(imapLogin(found("max@example.org", LoginForm::LocalPart, LoginForm::Address, "max")) == "max@example.org");
    // After the fallback the SMTP login is the local part; an IMAP server of unknown form gets the same.
    CHECK(imapLogin(found("max@webde.test", LoginForm::Unconfirmed, LoginForm::Unconfirmed, "max")) == "max");
    // A login the user typed (neither form of the address) stays as typed.
    CHECK(imapLogin(found("max@icloud.test", LoginForm::Address, LoginForm::LocalPart, "m.admin")) == "m.admin");
}
