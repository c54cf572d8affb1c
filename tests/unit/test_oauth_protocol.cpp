// OAuth2 pieces that need no network: PKCE (RFC 7636 appendix B), the authorization URL, token endpoint
// answers read strictly, the redirect's query, the provider table, and which endpoints are allowed.
#include <doctest/doctest.h>

#include "common/base64.hpp"

#include "common/oauth/http_client.hpp"
#include "common/oauth/loopback_listener.hpp"
#include "common/oauth/pkce.hpp"
#include "common/oauth/providers.hpp"
#include "common/oauth/sign_in.hpp"
#include "common/oauth/token_client.hpp"

using namespace mailblock::common::oauth;

TEST_CASE("PKCE S256 gives RFC 7636's example challenge, and verifiers are 43 url-safe characters") {
    CHECK(codeChallengeS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    std::string v = makeCodeVerifier();
    CHECK(v.size() == 43);
    CHECK(v.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos);
    CHECK(makeCodeVerifier() != v);
}

TEST_CASE("the authorization URL carries the code challenge, state, loopback redirect and the table's parameters") {
    SignInOptions o;
    o.provider = *findProvider("gmail");
    o.client_id = "id 1";
    std::string url = authorizationUrl(o, {"https://mail.google.com/", "email"}, "http://127.0.0.1:5000/", "st", "ch");
    CHECK(url.rfind("https://accounts.google.com/o/oauth2/v2/auth?response_type=code&client_id=id%201&", 0) == 0);
    CHECK(url.find("redirect_uri=http%3A%2F%2F127.0.0.1%3A5000%2F") != std::string::npos);
    CHECK(url.find("scope=https%3A%2F%2Fmail.google.com%2F%20email") != std::string::npos);
    CHECK(url.find("&state=st&code_challenge=ch&code_challenge_method=S256") != std::string::npos);
    CHECK(url.find("access_type=offline") != std::string::npos);
}

TEST_CASE("a token answer is read strictly, and an error answer keeps its code but masks secrets") {
    TokenSet t = parseTokenAnswer({200, R"({"access_token":"a","token_type":"bearer","expires_in":"3599","refresh_token":"r"})"}, {});
    CHECK(t.access_token == "a");
    CHECK(t.refresh_token == "r");
    CHECK(t.expires_in == 3599);
    try {
        parseTokenAnswer({400, R"({"error":"invalid_grant","error_description":"token RT-1 revoked"})"}, {"RT-1"});
        FAIL("no error");
    } catch (const OAuthError& e) {
        CHECK(e.code == "invalid_grant");
        CHECK(std::string(e.what()) == "invalid_grant: token *** revoked");
    }
    CHECK_THROWS_WITH_AS(parseTokenAnswer({200, "<html>"}, {}), doctest::Contains("not JSON"), OAuthError);
    CHECK_THROWS_WITH_AS(parseTokenAnswer({200, R"({"token_type":"Bearer"})"}, {}), doctest::Contains("no access_token"), OAuthError);
    CHECK_THROWS_WITH_AS(parseTokenAnswer({200, R"({"access_token":"a","token_type":"mac"})"}, {}), doctest::Contains("not a Bearer"), OAuthError);
    CHECK_THROWS_WITH_AS(parseTokenAnswer({500, R"({})"}, {}), doctest::Contains("HTTP 500"), OAuthError);
}

TEST_CASE("device authorization answers: Google's verification_url and the default interval") {
    DeviceAuthorization d = parseDeviceAnswer({200, R"({"device_code":"d","user_code":"U","verification_url":"https://x/device"})"});
    CHECK(d.verification_uri == "https://x/device");
    CHECK(d.interval == 5);
    CHECK_THROWS_AS(parseDeviceAnswer({200, R"({"device_code":"d"})"}), OAuthError);
}

TEST_CASE("the redirect's query is percent-decoded") {
    auto q = queryParameters("/?code=4%2F0Ab&state=x+y&error_description=a%20b&empty");
    CHECK(q["code"] == "4/0Ab");
    CHECK(q["state"] == "x y");
    CHECK(q["error_description"] == "a b");
    CHECK(q.count("empty") == 1);
    CHECK(queryParameters("/favicon.ico").empty());
}

TEST_CASE("every provider in the table parses, names its source, and has SMTP and IMAP scopes") {
    auto names = providerNames();
    CHECK(names == std::vector<std::string>{"gmail", "microsoft", "yandex", "mailru"});
    for (const auto& n : names) {
        CAPTURE(n);
        auto p = findProvider(n);
        REQUIRE(p);
        CHECK(p->token.rfind("https://", 0) == 0);
        CHECK(!p->smtp_scopes.empty());
        CHECK(!p->imap_scopes.empty());
    }
    CHECK(findProvider("microsoft")->revocation == std::nullopt);
    CHECK(findProvider("gmail")->device.empty());
    CHECK(!findProvider("other"));
}

TEST_CASE("the endpoint base replaces every endpoint the provider has") {
    Provider p = *findProvider("yandex");
    applyEndpointBase(p, "http://127.0.0.1:9/");
    CHECK(p.authorization == "http://127.0.0.1:9/authorize");
    CHECK(p.token == "http://127.0.0.1:9/token");
    CHECK(p.device == "http://127.0.0.1:9/device");
    CHECK(p.revocation->url == "http://127.0.0.1:9/revoke");
    CHECK(p.username.url == "http://127.0.0.1:9/userinfo");
}

TEST_CASE("endpoints are https, plain http only to loopback addresses") {
    CHECK_NOTHROW(checkEndpointUrl("https://oauth2.googleapis.com/token"));
    CHECK_NOTHROW(checkEndpointUrl("http://127.0.0.1:8080/token"));
    CHECK_NOTHROW(checkEndpointUrl("http://[::1]:8080/token"));
    CHECK_THROWS_AS(checkEndpointUrl("http://example.org/token"), HttpError);
    CHECK_THROWS_AS(checkEndpointUrl("http://localhost.example.org/token"), HttpError);
    CHECK_THROWS_AS(checkEndpointUrl("ftp://127.0.0.1/token"), HttpError);
}

TEST_CASE("an id_token's claim is read from its payload") {
    std::string payload = mailblock::common::base64(R"({"email":"robot@example.org"})", mailblock::common::Base64Form::UrlNoPadding);
    CHECK(idTokenClaim("h." + payload + ".s", "email") == "robot@example.org");
    CHECK(idTokenClaim("garbage", "email").empty());
}
