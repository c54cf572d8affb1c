// Named connections in the credential store: their fields round-trip, a store written by an older rpa (version 1,
// OAuth2 credentials only) still reads, a store without connections stays version 1, and saving one part keeps the
// other. A damaged connection is named, never its password.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "common/oauth/credential_store.hpp"
#include "common/oauth/store_format.hpp"

using namespace mailblock::common;
using namespace mailblock::common::oauth;

namespace {

NamedConnection office() {
    NamedConnection c;
    c.description = "Exchange в офисе";
    c.server = "mail.work.example";
    c.port = 587;
    c.security = "STARTTLS";
    c.ca_file = "/etc/ssl/work-ca.pem";
    c.imap_server = "imap.work.example";
    c.imap_port = 993;
    c.imap_security = "SSL on connect";
    c.auth = "NTLM";
    c.login = "ivanov";
    c.password = "s3cret-Пароль";
    c.domain = "WORK";
    c.keytab = "/etc/robot.keytab";
    c.sender = "robot@work.example";
    c.sender_name = "Робот";
    c.log_file = "/var/log/robot/mail.log";
    c.log_mode = "Errors only";
    c.disabled = true;
    return c;
}

// What an rpa from before named connections wrote (store_format.hpp, version 1).
const char* const kVersion1 = R"({
  "version": 1,
  "credentials": {
    "work": {"provider": "gmail", "client_id": "cid", "refresh_token": "rt", "account": "robot@example.org",
             "scopes": ["https://mail.google.com/"], "token_url": "https://oauth2.googleapis.com/token",
             "access_token": "at", "expires_at": 1700000000}
  }
})";

}  // namespace

TEST_CASE("a named connection round-trips every field") {
    StoreContents all;
    all.connections["office"] = office();
    all.connections["plain"] = NamedConnection{};
    const std::string text = writeStore(all);
    CHECK(text.find("\"version\": 2") != std::string::npos);
    StoreContents back = parseStore(text);
    REQUIRE(back.connections.size() == 2);
    const NamedConnection& c = back.connections.at("office");
    const NamedConnection o = office();
    CHECK(c.description == o.description);
    CHECK(c.server == o.server);
    CHECK(c.port == 587);
    CHECK(c.security == o.security);
    CHECK(c.ca_file == o.ca_file);
    CHECK(c.imap_server == o.imap_server);
    CHECK(c.imap_port == 993);
    CHECK(c.imap_security == o.imap_security);
    CHECK(c.auth == o.auth);
    CHECK(c.login == o.login);
    CHECK(c.password == o.password);
    CHECK(c.domain == o.domain);
    CHECK(c.keytab == o.keytab);
    CHECK(c.sender == o.sender);
    CHECK(c.sender_name == o.sender_name);
    CHECK(c.log_file == o.log_file);
    CHECK(c.log_mode == o.log_mode);
    CHECK(c.disabled);
    CHECK_FALSE(back.connections.at("plain").disabled);
    CHECK(back.connections.at("plain").port == 0);
}

TEST_CASE("a version 1 store (before named connections) still reads, and stays version 1 without connections") {
    StoreContents old = parseStore(kVersion1);
    CHECK(old.connections.empty());
    REQUIRE(old.credentials.count("work") == 1);
    CHECK(old.credentials.at("work").refresh_token == "rt");
    CHECK(writeStore(old).find("\"version\": 1") != std::string::npos);
    CHECK(writeStore(old).find("connections") == std::string::npos);
}

TEST_CASE("a damaged connection is named with its field, never a value") {
    try {
        parseStore(R"({"version":2,"credentials":{},"connections":{"office":{"password":"hunter2","port":70000}}})");
        FAIL("no error");
    } catch (const std::exception& e) {
        CHECK(std::string(e.what()) == "connection \"office\": \"port\" is not a port number");
    }
    CHECK_THROWS_WITH(parseStore(R"({"version":2,"credentials":{}})"), doctest::Contains("\"connections\" is missing"));
}

TEST_CASE("saving one part of the store keeps the other") {
    std::string dir = (std::filesystem::temp_directory_path() / "mb-conn-unit-XXXXXX").string();
    REQUIRE(mkdtemp(dir.data()) != nullptr);
    const std::string path = dir + "/mailblock/credentials.json";
    {
        std::filesystem::create_directories(dir + "/mailblock");
        std::ofstream(path) << kVersion1;
        chmod(path.c_str(), 0600);
    }
    CredentialStore store(path);
    StoreContents all = store.load();
    all.connections["office"] = office();
    store.save(all);
    struct stat st {};
    REQUIRE(stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    StoreContents again = store.load();
    CHECK(again.credentials.at("work").access_token == "at");
    again.credentials.erase("work");  // as `rpa oauth logout` does
    store.save(again);
    CHECK(store.load().connections.at("office").password == "s3cret-Пароль");
    std::filesystem::remove_all(dir);
}
