// The credential store: round trip, private mode required, atomic rewrite, names, and the lock.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "common/oauth/credential_store.hpp"
#include "common/oauth/store_format.hpp"

using namespace mailblock::common::oauth;

namespace {

std::string tempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "mb-oauth-unit-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    return pattern;
}

Credential sample() {
    Credential c;
    c.provider = "gmail";
    c.client_id = "cid";
    c.client_secret = "cs";
    c.refresh_token = "rt";
    c.account = "robot@example.org";
    c.scopes = {"https://mail.google.com/"};
    c.token_url = "https://oauth2.googleapis.com/token";
    c.revocation = Revocation{"https://oauth2.googleapis.com/revoke", "token", "refresh_token"};
    c.access_token = "at";
    c.expires_at = 1700000000;
    return c;
}

}  // namespace

TEST_CASE("a store round-trips every field") {
    StoreContents all{{{"work", sample()}}, {}};
    Credentials back = parseStore(writeStore(all)).credentials;
    REQUIRE(back.count("work") == 1);
    const Credential& c = back["work"];
    CHECK(c.refresh_token == "rt");
    CHECK(c.client_secret == "cs");
    CHECK(c.expires_at == 1700000000);
    CHECK(c.revocation->param == "token");
    CHECK(c.scopes == std::vector<std::string>{"https://mail.google.com/"});
}

TEST_CASE("a damaged store names the entry and field, never a value") {
    CHECK_THROWS_WITH(parseStore(R"({"version":3,"credentials":{}})"), doctest::Contains("version 1"));
    try {
        parseStore(R"({"version":1,"credentials":{"w":{"provider":"g","client_id":"c","token_url":"u","refresh_token":5}}})");
        FAIL("no error");
    } catch (const std::exception& e) {
        CHECK(std::string(e.what()) == "entry \"w\": \"refresh_token\" is not text");
    }
}

TEST_CASE("the store is written 0600 in a 0700 folder, atomically, and refused when open to others") {
    std::string dir = tempDir();
    CredentialStore store(dir + "/mailblock/credentials.json");
    CHECK(store.load().credentials.empty());
    store.save({{{"work", sample()}}, {}});
    struct stat st {};
    REQUIRE(stat(store.path().c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(stat((dir + "/mailblock").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    CHECK(store.load().credentials.at("work").account == "robot@example.org");
    int entries = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir + "/mailblock")) entries += e.is_regular_file();
    CHECK(entries == 1);  // no temporary file left behind
    chmod(store.path().c_str(), 0640);
    CHECK_THROWS_WITH_AS(store.load(), doctest::Contains("open to other users (mode 640)"), StoreError);
    chmod(store.path().c_str(), 0600);
    std::filesystem::remove_all(dir);
}

TEST_CASE("the user's store follows XDG_CONFIG_HOME, else ~/.config") {
    const char* old = std::getenv("XDG_CONFIG_HOME");
    std::string saved = old ? old : "";
    setenv("XDG_CONFIG_HOME", "/tmp/cfg", 1);
    CHECK(CredentialStore::forUser().path() == "/tmp/cfg/mailblock/credentials.json");
    setenv("XDG_CONFIG_HOME", "relative", 1);  // the XDG spec: ignored
    CHECK(CredentialStore::forUser().path() == std::string(std::getenv("HOME")) + "/.config/mailblock/credentials.json");
    if (old) setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
    else unsetenv("XDG_CONFIG_HOME");
}

TEST_CASE("the lock is exclusive across open file descriptions") {
    std::string dir = tempDir();
    CredentialStore store(dir + "/credentials.json");
    {
        StoreLock lock(store);
        int fd = open((store.path() + ".lock").c_str(), O_RDWR);
        REQUIRE(fd >= 0);
        CHECK(flock(fd, LOCK_EX | LOCK_NB) != 0);  // held
        close(fd);
    }
    int fd = open((store.path() + ".lock").c_str(), O_RDWR);
    CHECK(flock(fd, LOCK_EX | LOCK_NB) == 0);  // released
    close(fd);
    std::filesystem::remove_all(dir);
}

TEST_CASE("credential names are short and plain") {
    CHECK(checkCredentialName("work.gmail-2_x").empty());
    CHECK(!checkCredentialName("").empty());
    CHECK(!checkCredentialName("a/b").empty());
    CHECK(!checkCredentialName(std::string(65, 'a')).empty());
}
