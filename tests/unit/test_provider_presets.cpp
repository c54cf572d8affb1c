// Provider presets: the shipped data/providers.json is valid and complete, the validator catches every kind of
// broken entry, and the lookups by domain, MX, server and host find the right provider (and nothing for look-alikes).
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include "common/autoconfig/provider_presets.hpp"
#include "mailblock/sdk/json.hpp"

using namespace mailblock::common::autoconfig;
using mailblock::common::Security;

namespace {

std::string idOf(const ProviderPreset* p) { return p ? p->id : std::string("(none)"); }

// One provider entry that passes every check; the bad documents below each break one thing in it.
std::string provider(const std::string& id, const std::string& domain) {
    return R"({"id": ")" + id + R"(", "name": {"ru": "Почта", "en": "Mail"}, "domains": [")" + domain +
           R"("], "mx": ["mx.)" + domain + R"("],
        "smtp": [{"host": "smtp.)" + domain + R"(", "port": 465, "security": "SSL on connect"},
                 {"host": "smtp.)" + domain + R"(", "port": 587, "security": "STARTTLS"}],
        "imap": [{"host": "imap.)" + domain + R"(", "port": 993, "security": "SSL on connect"}],
        "username": "address", "auth": ["app_password"], "files_sent_copy": false,
        "setup": {"ru": "Создайте пароль приложения.", "en": "Create an app password."},
        "links": ["https://example.org/help"], "source": ["https://example.org/help"]})";
}

std::string document(const std::string& providers) { return R"({"version": 1, "providers": [)" + providers + "]}"; }

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    size_t at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "the template has no " << from);
    return text.replace(at, from.size(), to);
}

// All problems in one string, so a CHECK can name what it expected and show what it got.
std::string problemsOf(const std::string& json) {
    std::string all;
    for (const auto& p : presetProblems(mailblock::sdk::json::parse(json))) all += p + "\n";
    return all;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("preset data: the shipped providers.json has no problems and loads") {
    CHECK(presetProblems(presetsJson()).empty());
    CHECK_NOTHROW(providerPresets());
    CHECK(providerPresets().size() >= 12);
}

TEST_CASE("preset data: the common providers are all there, each with servers, a source and advice") {
    std::set<std::string> ids;
    for (const auto& p : providerPresets()) ids.insert(p.id);
    for (const char* id : {"yandex", "mailru", "rambler", "gmail", "outlook", "office365", "yahoo", "icloud", "gmx",
                           "webde", "zoho", "aol"})
        CHECK_MESSAGE(ids.count(id) == 1, "missing provider " << id);
    for (const auto& p : providerPresets()) {
        INFO("provider " << p.id);
        CHECK(!p.source.empty());
        CHECK(!p.smtp.empty());
        CHECK(!p.imap.empty());
        CHECK(!p.setup.ru.empty());
        CHECK(!p.setup.en.empty());
        CHECK(!p.auth.empty());
    }
}

TEST_CASE("preset data: a domain belongs to one provider only, and every host name is valid") {
    std::map<std::string, std::string> owner;
    for (const auto& p : providerPresets()) {
        for (const auto& d : p.domains) {
            auto [it, fresh] = owner.emplace(d, p.id);
            CHECK_MESSAGE(fresh, d << " is in both " << it->second << " and " << p.id);
            CHECK_MESSAGE(isValidHostName(d), p.id << " domain " << d);
            CHECK_MESSAGE(presetForDomain(d) == &p, d << " finds " << idOf(presetForDomain(d)));
        }
        for (const auto* list : {&p.smtp, &p.imap})
            for (const auto& s : *list) CHECK_MESSAGE(isValidHostName(s.host), p.id << " host " << s.host);
        for (const auto& mx : p.mx) CHECK_MESSAGE(isValidHostName(mx[0] == '.' ? mx.substr(1) : mx), p.id << " mx " << mx);
    }
}

TEST_CASE("preset data: 465 and 993 are SSL on connect, 587 and 143 STARTTLS") {
    for (const auto& p : providerPresets())
        for (const auto* list : {&p.smtp, &p.imap})
            for (const auto& s : *list) {
                INFO(p.id << " " << s.host << ":" << s.port);
                if (s.port == 465 || s.port == 993) CHECK(s.security == Security::Implicit);
                if (s.port == 587 || s.port == 143) CHECK(s.security == Security::StartTls);
                CHECK(s.security != Security::None);  // no preset sends a password in the clear
            }
}

TEST_CASE("preset data: Gmail and Outlook file the sent copy themselves, Yandex does not") {
    REQUIRE(presetForDomain("gmail.com"));
    REQUIRE(presetForDomain("outlook.com"));
    REQUIRE(presetForDomain("yandex.ru"));
    CHECK(presetForDomain("gmail.com")->files_sent_copy);
    CHECK(presetForDomain("outlook.com")->files_sent_copy);
    CHECK_FALSE(presetForDomain("yandex.ru")->files_sent_copy);
}

TEST_CASE("preset validation: the hand-made good document passes, each defect is named") {
    const std::string good = provider("alpha", "alpha.example");
    REQUIRE(problemsOf(document(good + "," + provider("beta", "beta.example"))) == "");

    SUBCASE("a domain in two entries") {
        std::string p = problemsOf(document(good + "," + provider("beta", "alpha.example")));
        CHECK_MESSAGE(contains(p, "alpha.example is in both \"alpha\" and \"beta\""), p);
    }
    SUBCASE("a bad host name") {
        std::string p = problemsOf(document(replaced(good, R"("host": "imap.alpha.example")", R"("host": "smtp..x")")));
        CHECK_MESSAGE(contains(p, "\"smtp..x\" is not a valid host name"), p);
    }
    SUBCASE("port 465 with STARTTLS") {
        std::string p = problemsOf(document(replaced(good, R"("port": 465, "security": "SSL on connect")",
                                                     R"("port": 465, "security": "STARTTLS")")));
        CHECK_MESSAGE(contains(p, "port 465 does not go with security \"STARTTLS\""), p);
    }
    SUBCASE("port 993 without TLS") {
        std::string p = problemsOf(document(replaced(good, R"("port": 993, "security": "SSL on connect")",
                                                     R"("port": 993, "security": "None")")));
        CHECK_MESSAGE(contains(p, "port 993 does not go with security \"None\""), p);
    }
    SUBCASE("setup without a language") {
        std::string p = problemsOf(document(replaced(good, R"("ru": "Создайте пароль приложения.", )", "")));
        CHECK_MESSAGE(contains(p, "setup needs ru and en"), p);
        p = problemsOf(document(replaced(good, R"(, "en": "Create an app password.")", "")));
        CHECK_MESSAGE(contains(p, "setup needs ru and en"), p);
    }
    SUBCASE("an unknown auth method") {
        std::string p = problemsOf(document(replaced(good, R"("auth": ["app_password"])", R"("auth": ["app_password", "kerberos"])")));
        CHECK_MESSAGE(contains(p, "unknown auth \"kerberos\""), p);
    }
    SUBCASE("no source") {
        std::string p = problemsOf(document(replaced(good, R"("source": ["https://example.org/help"])", R"("source": [])")));
        CHECK_MESSAGE(contains(p, "\"alpha\": no source"), p);
    }
    SUBCASE("a duplicate id") {
        std::string p = problemsOf(document(good + "," + provider("alpha", "beta.example")));
        CHECK_MESSAGE(contains(p, "\"alpha\": the id is used twice"), p);
    }
    SUBCASE("no providers list at all") {
        CHECK(problemsOf(R"({"version": 1})") != "");
    }
}

TEST_CASE("preset lookup: by the address's domain, in any case") {
    CHECK(idOf(presetForDomain("YANDEX.RU")) == "yandex");
    CHECK(idOf(presetForDomain("bk.ru")) == "mailru");
    CHECK(idOf(presetForDomain("googlemail.com")) == "gmail");
    CHECK(idOf(presetForDomain("example.org")) == "(none)");
    CHECK(idOf(presetForDomain("mail.yandex.ru")) == "(none)");  // a subdomain is somebody else's mail
}

TEST_CASE("preset lookup: by MX host, suffix rules included, look-alikes not") {
    CHECK(idOf(presetForMx("aspmx.l.google.com.")) == "gmail");
    CHECK(idOf(presetForMx("ALT1.ASPMX.L.GOOGLE.COM")) == "gmail");
    CHECK(idOf(presetForMx("mx.yandex.net")) == "yandex");
    CHECK(idOf(presetForMx("x.mail.protection.outlook.com")) == "office365");
    CHECK(idOf(presetForMx("evilgoogle.com")) == "(none)");
    CHECK(idOf(presetForMx("google.com.attacker.example")) == "(none)");
    CHECK(idOf(presetForMx("mx.yandex.net.attacker.example")) == "(none)");
    CHECK(idOf(presetForMx("")) == "(none)");
}

TEST_CASE("preset lookup: by server and by host") {
    CHECK(idOf(presetForServer("smtp.mail.ru")) == "mailru");
    CHECK(idOf(presetForServer("IMAP.GMAIL.COM")) == "gmail");
    CHECK(idOf(presetForServer("smtp.yandex.com")) == "(none)");  // not one of Yandex's listed servers
    CHECK(idOf(presetForHost("smtp.yandex.com")) == "yandex");    // but under one of its domains
    CHECK(idOf(presetForHost("smtp.mail.ru")) == "mailru");
    CHECK(idOf(presetForHost("smtp.notyandex.ru")) == "(none)");
    CHECK(idOf(presetForHost("mail.attacker.example")) == "(none)");
}

TEST_CASE("preset advice: what to enable first, in the user's language, with a link") {
    const ProviderPreset* yandex = presetForDomain("yandex.ru");
    REQUIRE(yandex);
    std::string ru = providerAdvice(*yandex, "ru");
    CHECK_MESSAGE(contains(ru, "пароль приложения"), ru);
    CHECK_MESSAGE(contains(ru, "https://"), ru);
    std::string en = providerAdvice(*yandex, "en");
    CHECK_MESSAGE(contains(en, "app password"), en);
    CHECK_MESSAGE(contains(en, "https://id.yandex.ru/security/app-passwords"), en);
}

TEST_CASE("preset host names: what isValidHostName accepts") {
    for (const char* good : {"smtp.yandex.ru", "a.b", "xn--80ak6aa92e.xn--p1ai", "mx-1.example.org", "1.2.3.4"})
        CHECK_MESSAGE(isValidHostName(good), good);
    for (const char* bad : {"", "localhost", "smtp..x", ".example.org", "example.org.", "-a.example", "a-.example",
                            "SMTP.Example.org", "mail_x.example", "a b.example", "smtp.example.org:25", "ex\xc3\xa4mple.org"})
        CHECK_MESSAGE(!isValidHostName(bad), bad);
    CHECK(isValidHostName(std::string(63, 'a') + ".example"));
    CHECK_FALSE(isValidHostName(std::string(64, 'a') + ".example"));
    const std::string label(63, 'a');
    CHECK(isValidHostName(label + "." + label + "." + label + "." + std::string(61, 'a')));         // 253 characters
    CHECK_FALSE(isValidHostName(label + "." + label + "." + label + "." + std::string(62, 'a')));  // 254
}
