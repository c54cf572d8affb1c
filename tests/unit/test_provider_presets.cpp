// Provider presets: the shipped data/providers.json is valid and complete, the validator catches every kind of
// broken entry, and the lookups by domain, MX, server and host find the right provider (and nothing for look-alikes);
// MX matching takes the most specific pattern whatever the file's order. The facts themselves are checked against
// their sources in test_provider_snapshot.cpp.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/autoconfig/provider_presets.hpp"
#include "mailblock/sdk/json.hpp"

using namespace mailblock::common::autoconfig;
using mailblock::common::Security;

namespace {

std::string idOf(const ProviderPreset* p) { return p ? p->id : std::string("(none)"); }

// One provider entry that passes every check; the bad documents below each break one thing in it.
std::string provider(const std::string& id, const std::string& domain) {
    return R"({"id": ")" + id + R"(", "name": {"ru": "Почта", "en": "Mail"}, "domains": {"db": [")" + domain +
           R"("]}, "mx": {"help": ["mx.)" + domain + R"("]},
        "smtp": [{"host": "smtp.)" + domain + R"(", "port": 465, "security": "SSL on connect", "username": "address", "source": "db"},
                 {"host": "smtp.)" + domain + R"(", "port": 587, "security": "STARTTLS", "username": "address", "unconfirmed": true}],
        "imap": [{"host": "imap.)" + domain + R"(", "port": 993, "security": "SSL on connect", "username": "local_part", "source": "help"}],
        "auth": ["app_password"], "files_sent_copy": false,
        "setup": {"ru": "Создайте пароль приложения.", "en": "Create an app password."},
        "links": ["https://example.org/help"],
        "sources": {"db": {"repository": "example/db", "file": "db/)" + domain + R"(.xml", "commit": "0123456789abcdef0123456789abcdef01234567"},
                    "help": {"url": "https://example.org/help"}}})";
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
    CHECK(providerPresets().size() == presetsJson().find("providers")->items().size());  // every entry parsed
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
        CHECK(!p.sources.empty());
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
    SUBCASE("no sources at all") {
        std::string p = problemsOf(document(replaced(good, R"("help": {"url": "https://example.org/help"}})", R"("x": {}})")));
        CHECK_MESSAGE(contains(p, "source \"x\" needs a repository, file and commit, or an https URL"), p);
    }
    SUBCASE("a server with a source the entry does not cite") {
        std::string p = problemsOf(document(replaced(good, R"("username": "local_part", "source": "help")",
                                                     R"("username": "local_part", "source": "forum")")));
        CHECK_MESSAGE(contains(p, "imap server imap.alpha.example names no source the entry cites"), p);
    }
    SUBCASE("a domain from a source the entry does not cite") {
        std::string p = problemsOf(document(replaced(good, R"("domains": {"db")", R"("domains": {"rumour")")));
        CHECK_MESSAGE(contains(p, "domains from \"rumour\", which the entry does not cite"), p);
    }
    SUBCASE("a citation of a repository without its commit") {
        std::string p = problemsOf(document(replaced(good, R"("commit": "0123456789abcdef0123456789abcdef01234567")", R"("commit": "main")")));
        CHECK_MESSAGE(contains(p, "source \"db\" needs a repository, file and commit"), p);
    }
    SUBCASE("an unconfirmed server before a confirmed one") {
        std::string bad = replaced(good, R"("username": "address", "source": "db"})", R"("username": "address", "unconfirmed": true})");
        bad = replaced(bad, R"("username": "address", "unconfirmed": true}])", R"("username": "address", "source": "db"}])");
        std::string p = problemsOf(document(bad));
        CHECK_MESSAGE(contains(p, "smtp server smtp.alpha.example comes after an unconfirmed one"), p);
    }
    SUBCASE("only unconfirmed servers") {
        std::string p = problemsOf(document(replaced(good, R"("username": "local_part", "source": "help")",
                                                     R"("username": "local_part", "unconfirmed": true)")));
        CHECK_MESSAGE(contains(p, "no confirmed imap server"), p);
    }
    SUBCASE("a server without its login form") {
        std::string p = problemsOf(document(replaced(good, R"("username": "local_part", )", "")));
        CHECK_MESSAGE(contains(p, "username must be address, local_part or either"), p);
    }
    SUBCASE("an MX pattern in two entries") {
        std::string p = problemsOf(document(good + "," + replaced(provider("beta", "beta.example"), "mx.beta.example", "mx.alpha.example")));
        CHECK_MESSAGE(contains(p, "mx mx.alpha.example is in both \"alpha\" and \"beta\""), p);
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
    CHECK(idOf(presetForMx("mx01.mail.icloud.com")) == "icloud");  // under one of the entry's own domains
    CHECK(idOf(presetForMx("mx-ha03.web.de")) == "webde");
    CHECK(idOf(presetForMx("ALT1.ASPMX.L.GOOGLE.COM")) == "gmail");
    CHECK(idOf(presetForMx("mx.yandex.net")) == "yandex");
    CHECK(idOf(presetForMx("x.mail.protection.outlook.com")) == "office365");
    CHECK(idOf(presetForMx("evilgoogle.com")) == "(none)");
    CHECK(idOf(presetForMx("google.com.attacker.example")) == "(none)");
    CHECK(idOf(presetForMx("mx.yandex.net.attacker.example")) == "(none)");
    CHECK(idOf(presetForMx("")) == "(none)");
}

// The real MX hosts (ISPDB lists mail.gm0.yahoodns.net for AOL, am0.yahoodns.net and yahoodns.net for Yahoo): AOL's
// mx-aol.mail.gm0.yahoodns.net is under Yahoo's .yahoodns.net too, and AOL's longer pattern must win in any order.
TEST_CASE("preset lookup: the most specific MX pattern wins, whatever the order of the file") {
    CHECK(idOf(presetForMx("mx-aol.mail.gm0.yahoodns.net")) == "aol");
    for (const char* yahoo : {"mta5.am0.yahoodns.net", "mta6.am0.yahoodns.net", "mta7.am0.yahoodns.net"})
        CHECK_MESSAGE(idOf(presetForMx(yahoo)) == "yahoo", yahoo);
    std::vector<ProviderPreset> reversed(providerPresets().rbegin(), providerPresets().rend());
    auto id = [&](const char* mx) { const ProviderPreset* p = presetForMx(reversed, mx); return p ? p->id : "(none)"; };
    CHECK(id("mx-aol.mail.gm0.yahoodns.net") == "aol");
    CHECK(id("mta5.am0.yahoodns.net") == "yahoo");
    // Microsoft: a company's x.mail.protection.outlook.com is Microsoft 365, not Outlook.com (outlook.com is a domain
    // of the consumer entry, and .olc.protection.outlook.com its MX).
    CHECK(id("contoso-com.mail.protection.outlook.com") == "office365");
    CHECK(id("eur.olc.protection.outlook.com") == "outlook");
}

// Company domains on a mail service, found by their MX records: Yandex 360 (mx.yandex.net, Yandex's help "MX kaydı";
// ISPDB yandex.ru.xml lists yandex.net), Google Workspace (aspmx.l.google.com and the newer smtp.google.com; ISPDB
// googlemail.com.xml lists google.com "MX, for Google Apps"), VK WorkSpace / Mail.ru for business (emx.mail.ru, under
// mail.ru), Microsoft 365 (ISPDB office365.com.xml lists mail.protection.outlook.com).
TEST_CASE("preset lookup: company domains on Yandex 360, Google Workspace, VK WorkSpace and Microsoft 365 by MX") {
    for (auto [mx, id] : {std::pair{"mx.yandex.net", "yandex"}, {"mx.yandex.ru", "yandex"}, {"aspmx.l.google.com", "gmail"},
                          {"smtp.google.com", "gmail"}, {"emx.mail.ru", "mailru"}, {"mxs.mail.ru", "mailru"},
                          {"company-ru.mail.protection.outlook.com", "office365"}})
        CHECK_MESSAGE(idOf(presetForMx(mx)) == id, mx);
    const ProviderPreset* vk = presetForMx("emx.mail.ru");
    REQUIRE(vk);
    CHECK(vk->smtp.front().host == "smtp.mail.ru");
    CHECK(vk->imap.front().host == "imap.mail.ru");
    CHECK(idOf(presetForMx("emx.mail.ru.attacker.example")) == "(none)");
    CHECK(idOf(presetForMx("notmail.ru")) == "(none)");
}

// What `rpa autoconfig` shows for an MX match: the pattern and the source listing it. Yandex 360's mx.yandex.net is
// named by Yandex's help page on the MX record (yandex.com.tr/support/kurum/set-mail/mx.html) and is more specific
// than ISPDB's yandex.net; Google Workspace's aspmx.l.google.com is under ISPDB's google.com "MX, for Google Apps";
// VK WorkSpace's emx.mail.ru is under mail.ru, a domain of ISPDB's mail.ru.xml.
TEST_CASE("preset lookup: an MX match names the pattern that matched and the source that lists it") {
    const std::string ispdb = "thunderbird/autoconfig ispdb/";
    const std::string commit = " c6ad79659b5fc321d1593ec4c277815b83e5dec5";
    struct Expected {
        const char *mx, *id, *pattern;
        std::string citation;
    };
    for (const auto& e : {Expected{"mx.yandex.net", "yandex", "mx.yandex.net", "https://yandex.com.tr/support/kurum/set-mail/mx.html"},
                          Expected{"MX.YANDEX.NET.", "yandex", "mx.yandex.net", "https://yandex.com.tr/support/kurum/set-mail/mx.html"},
                          Expected{"aspmx.l.google.com", "gmail", ".google.com", ispdb + "googlemail.com.xml" + commit},
                          Expected{"emx.mail.ru", "mailru", ".mail.ru", ispdb + "mail.ru.xml" + commit},
                          Expected{"mx-aol.mail.gm0.yahoodns.net", "aol", ".mail.gm0.yahoodns.net", ispdb + "aol.com.xml" + commit}}) {
        MxMatch m = mxMatch(providerPresets(), e.mx);
        INFO("MX " << e.mx);
        CHECK(idOf(m.preset) == e.id);
        CHECK(m.pattern == e.pattern);
        CHECK(m.citation == e.citation);
    }
    MxMatch none = mxMatch(providerPresets(), "mx.yandex.net.attacker.example");
    CHECK(none.preset == nullptr);
    CHECK(none.pattern.empty());
    CHECK(none.citation.empty());
}

TEST_CASE("preset logins: iCloud takes the local part on IMAP and the address on SMTP, WEB.DE the local part on both") {
    const ProviderPreset* icloud = presetForDomain("icloud.com");
    REQUIRE(icloud);
    CHECK(icloud->imap.front().login == LoginForm::LocalPart);
    CHECK(icloud->smtp.front().login == LoginForm::Address);
    const ProviderPreset* webde = presetForDomain("web.de");
    REQUIRE(webde);
    for (const auto* list : {&webde->smtp, &webde->imap})
        for (const auto& s : *list) CHECK_MESSAGE(s.login == LoginForm::LocalPart, s.host << ":" << s.port);
    CHECK(loginFor(LoginForm::LocalPart, "max.muster@web.de") == "max.muster");
    CHECK(loginFor(LoginForm::Address, "max.muster@web.de") == "max.muster@web.de");
    CHECK(loginFor(LoginForm::Unconfirmed, "max.muster@web.de") == "max.muster@web.de");  // the address first
    CHECK(mayTryLocalPart(LoginForm::Unconfirmed));
    CHECK(mayTryLocalPart(LoginForm::Either));
    CHECK_FALSE(mayTryLocalPart(LoginForm::Address));
    CHECK_FALSE(mayTryLocalPart(LoginForm::LocalPart));
}

TEST_CASE("preset domains: corp.mail.ru is Mail.ru's; the domains no source confirms are gone") {
    CHECK(idOf(presetForDomain("corp.mail.ru")) == "mailru");
    for (const char* gone : {"my.com", "mail.ua", "xmail.ru", "yandex.com.tr", "outlook.ru", "passport.com"})
        CHECK_MESSAGE(idOf(presetForDomain(gone)) == "(none)", gone);
    // Yahoo's 587 has no source: it stays, marked unconfirmed, after the confirmed 465.
    const ProviderPreset* yahoo = presetForDomain("yahoo.com");
    REQUIRE(yahoo);
    REQUIRE(yahoo->smtp.size() == 2);
    CHECK((yahoo->smtp[0].port == 465 && !yahoo->smtp[0].unconfirmed));
    CHECK((yahoo->smtp[1].port == 587 && yahoo->smtp[1].unconfirmed));
}

TEST_CASE("preset lookup: by server and by host") {
    CHECK(idOf(presetForServer("smtp.mail.ru")) == "mailru");
    CHECK(idOf(presetForServer("IMAP.GMAIL.COM")) == "gmail");
    CHECK(idOf(presetForServer("smtp.yandex.com")) == "yandex");  // ISPDB's name for it
    CHECK(idOf(presetForServer("smtp2.yandex.com")) == "(none)");  // not one of Yandex's listed servers
    CHECK(idOf(presetForHost("smtp2.yandex.com")) == "yandex");    // but under one of its domains
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
