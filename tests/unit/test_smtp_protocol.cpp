#include <cstdlib>
// SMTP replies, capabilities and SASL payloads as they appear on the wire.
#include <doctest/doctest.h>

#include "common/base64.hpp"
#include "common/sasl.hpp"
#include "common/sasl_client.hpp"
#include "send_email/sent_message.hpp"
#include "send_email/smtp/auth.hpp"
#include "send_email/smtp/smtp_reply.hpp"

using namespace mailblock::send_email::smtp;
namespace sasl = mailblock::common::sasl;

TEST_CASE("a multi-line reply keeps its texts and its enhanced code") {
    Reply r = parseReply(535, "535-5.7.8 Username and Password not accepted.\n535 5.7.8 https://support.example/answer");
    CHECK(r.code == 535);
    CHECK(r.enhanced == "5.7.8");
    CHECK(r.text == "Username and Password not accepted.\nhttps://support.example/answer");
    CHECK(r.summary() == "535 5.7.8 Username and Password not accepted. https://support.example/answer");
    CHECK(parseReply(250, "250 Ok").enhanced.empty());
    CHECK(parseReply(250, "250 2.0.0 Ok: queued as 4B1C2").text == "Ok: queued as 4B1C2");
}

TEST_CASE("EHLO capabilities: STARTTLS, SIZE, AUTH in both forms") {
    Reply r = parseReply(250, "250-mx.example.org\n250-PIPELINING\n250-SIZE 10240000\n250-STARTTLS\n"
                              "250-AUTH PLAIN login CRAM-MD5\n250-AUTH=PLAIN LOGIN\n250-8BITMIME\n250 SMTPUTF8");
    Capabilities c = parseCapabilities(r);
    CHECK(c.starttls);
    CHECK(c.pipelining);
    CHECK(c.eight_bit_mime);
    CHECK(c.smtputf8);
    REQUIRE(c.size);
    CHECK(*c.size == 10240000);
    CHECK(c.auth == std::vector<std::string>{"PLAIN", "LOGIN", "CRAM-MD5"});
    CHECK_FALSE(parseCapabilities(parseReply(250, "250-x\n250 SIZE")).starttls);
}

TEST_CASE("AUTH PLAIN carries NUL login NUL password in base64 (RFC 4616)") {
    CHECK(sasl::Exchange("PLAIN", sasl::Identity{"tim", "tanstaaftanstaaf", "", "smtp", ""}).step("") ==
          "AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
}

TEST_CASE("CRAM-MD5 answers the RFC 2195 example") {
    // Challenge "<1896.697170952@postoffice.reston.mci.net>", response "tim b913a602c7eda7a495b4e6e7334d3890".
    CHECK(cramMd5Response("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+", "tim", "tanstaaftanstaaf") ==
          "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
}

TEST_CASE("XOAUTH2 initial response follows Google's format") {
    // base64("user=someuser@example.com\x01auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\x01\x01")
    CHECK(sasl::xoauth2("someuser@example.com", "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg") ==
          "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRH"
          "RXVZMjl0Q2cBAQ==");
}

TEST_CASE("OAUTHBEARER initial response follows RFC 7628's example, with ',' and '=' escaped in the login") {
    // RFC 7628 4.1: "n,a=user@example.com,^Ahost=server.example.com^Aport=143^Aauth=Bearer vF9d...Cg==^A^A"
    CHECK(sasl::oauthBearer("user@example.com", "vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg==", "server.example.com", 143) ==
          "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52"
          "YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2c9PQEB");
    CHECK(mailblock::common::unbase64(sasl::oauthBearer("a=b,c@example.com", "t", "h", 587)) ==
          "n,a=a=3Db=2Cc@example.com,\x01host=h\x01port=587\x01" "auth=Bearer t\x01\x01");
    // A refused token's error challenge is answered so the server can finish: %x01 for OAUTHBEARER.
    CHECK(sasl::declineTokenChallenge("OAUTHBEARER") == "AQ==");
    CHECK(sasl::declineTokenChallenge("XOAUTH2").empty());
}

TEST_CASE("a server's challenge that is not base64 decodes to nothing instead of throwing") {
    using mailblock::common::unbase64;
    CHECK_NOTHROW(unbase64("not base64!"));
    CHECK(unbase64("@@@@").empty());
    CHECK(unbase64("eyJzdGF0dXMiOiI0MDEifQ==") == "{\"status\":\"401\"}");
    // A challenge that is not base64 stops the library: the exchange is cancelled with "*" (auth.cpp).
    CHECK_THROWS_AS(cramMd5Response("###", "tim", "x"), sasl::LibraryError);
}

TEST_CASE("Auto picks the safest mechanism offered and a token means XOAUTH2, or OAUTHBEARER when only that") {
    auto choose = [](AuthMethod wanted, const Credentials& c, const Capabilities& caps) {
        return chooseMechanisms(wanted, c, caps, "localhost");
    };
    const Credentials password{"u", "p", "", "", ""}, token{"u", "", "", "tok", ""};
    Capabilities caps;
    caps.auth = {"LOGIN", "PLAIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"};
    CHECK(choose(AuthMethod::Auto, password, caps) ==
          std::vector<AuthMethod>{AuthMethod::ScramSha256, AuthMethod::ScramSha1, AuthMethod::CramMd5, AuthMethod::Plain,
                                  AuthMethod::Login});
    caps.auth = {"LOGIN", "PLAIN"};
    CHECK(choose(AuthMethod::Auto, password, caps).front() == AuthMethod::Plain);
    CHECK(choose(AuthMethod::Auto, token, caps).front() == AuthMethod::XOAuth2);
    CHECK(choose(AuthMethod::Login, password, caps) == std::vector<AuthMethod>{AuthMethod::Login});
    caps.auth = {"GSSAPI"};
    CHECK(choose(AuthMethod::Auto, password, caps).empty());
    CHECK(choose(AuthMethod::Auto, token, caps).front() == AuthMethod::XOAuth2);  // the server says no
    caps.auth = {"PLAIN", "OAUTHBEARER"};
    CHECK(choose(AuthMethod::Auto, token, caps).front() == AuthMethod::OAuthBearer);
    caps.auth = {"PLAIN", "OAUTHBEARER", "XOAUTH2"};
    CHECK(choose(AuthMethod::Auto, token, caps).front() == AuthMethod::XOAuth2);
    CHECK(choose(AuthMethod::OAuthBearer, token, caps).front() == AuthMethod::OAuthBearer);
    CHECK(authMethodFromName("OAUTHBEARER") == AuthMethod::OAuthBearer);
    CHECK(authMethodFromName("SCRAM-SHA-256") == AuthMethod::ScramSha256);
    // Only mechanisms whose secrets live per mechanism on the server get a second try after a 535.
    CHECK(mayFallBackAfter(AuthMethod::ScramSha256));
    CHECK_FALSE(mayFallBackAfter(AuthMethod::Plain));
}

TEST_CASE("Windows sign-in without a Kerberos ticket is NTLM") {
    Capabilities caps;
    caps.auth = {"GSSAPI", "NTLM"};
    // No credential cache at all: GSS-API finds no ticket, so Windows means NTLM with login, domain and password.
    setenv("KRB5CCNAME", "FILE:/nonexistent/mailblock-no-ticket", 1);
    CHECK(chooseMechanisms(AuthMethod::Windows, {"ivanov", "p", "WORK", "", ""}, caps, "localhost") ==
          std::vector<AuthMethod>{AuthMethod::Ntlm});
}

TEST_CASE("NTLM's first message names the domain it signs in to") {
    sasl::Exchange ntlm("NTLM", sasl::Identity{"ivanov", "password", "WORK", "smtp", "localhost"});
    std::string type1 = mailblock::common::unbase64(ntlm.step(""));
    CHECK(type1.rfind(std::string("NTLMSSP\0\x01", 9), 0) == 0);
    CHECK(type1.find("WORK") != std::string::npos);
}

TEST_CASE("SCRAM-SHA-256 sends no password: its first message is the GS2 header and a nonce (RFC 7677)") {
    sasl::Exchange scram("SCRAM-SHA-256", sasl::Identity{"user", "pencil", "", "smtp", ""});
    std::string first = mailblock::common::unbase64(scram.step(""));
    CHECK(first.rfind("n,,n=user,r=", 0) == 0);
    CHECK(first.find("pencil") == std::string::npos);
}

TEST_CASE("the queue id is read from Postfix's, Exim's and Exchange's final reply") {
    using mailblock::send_email::queueId;
    CHECK(queueId(parseReply(250, "250 2.0.0 Ok: queued as 4B1C21E0F5A")) == "4B1C21E0F5A");
    CHECK(queueId(parseReply(250, "250 OK id=1qXyZa-0004Ab-Cd")) == "1qXyZa-0004Ab-Cd");
    CHECK(queueId(parseReply(250, "250 2.6.0 <a1.b-2@mail.example.org> [InternalId=123, Hostname=EX1] Queued mail for delivery")) ==
          "a1.b-2@mail.example.org");
    CHECK(queueId(parseReply(250, "250 OK")).empty());
    CHECK(queueId(parseReply(250, "250 2.0.0 Ok: queued as ")).empty());
}
