// The mailing journal: what a rerun reads back, a record cut short by a crash, files that are not journals;
// row keys that ignore column order and tell rows apart.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "journal.hpp"
#include "mailing_rows.hpp"

using namespace mailblock::host;

namespace {

struct TempFile {
    std::string path =
        (std::filesystem::temp_directory_path() / ("mb-journal-" + std::to_string(::getpid()) + ".txt")).string();
    ~TempFile() { std::filesystem::remove(path); }
    std::string text() const {
        std::ifstream in(path);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }
};

const RowKey kA = rowKey({"to"}, {"a@example.org"});
const RowKey kB = rowKey({"to"}, {"b@example.org"});
const RowKey kC = rowKey({"to"}, {"c@example.org"});

}  // namespace

TEST_CASE("a rerun reads each row's last state and the mailing's id") {
    TempFile f;
    std::string mailing;
    {
        Journal j(f.path, Journal::Sync::Row);
        CHECK_FALSE(j.resumed());
        mailing = j.mailing();
        j.begin(1, kA, "id-a");
        j.finish(1, kA, "sent", "id-a@example.org");
        j.begin(2, kB, "id-b");                     // killed during the send
        CHECK(std::string(j.earlier(kA)).empty());  // rows of this run are not remembered
        j.close();
    }
    Journal again(f.path, Journal::Sync::Row);
    CHECK(again.resumed());
    CHECK(again.mailing() == mailing);
    CHECK(std::string(again.earlier(kA)) == "sent");
    CHECK(std::string(again.earlier(kB)) == "sending");
    CHECK(std::string(again.earlier(kC)).empty());
}

TEST_CASE("a record cut short by a crash is dropped and the next one starts on its own line") {
    TempFile f;
    {
        Journal j(f.path, Journal::Sync::Os);
        j.begin(1, kA, "id-a");
    }
    {
        std::ofstream out(f.path, std::ios::app);
        out << "{\"row\":1,\"key\":\"" << kA.hex() << "\",\"sta";
    }
    {
        Journal j(f.path, Journal::Sync::Os);
        CHECK(std::string(j.earlier(kA)) == "sending");
        j.finish(1, kA, "unknown", "");
    }
    Journal j(f.path, Journal::Sync::Os);
    CHECK(std::string(j.earlier(kA)) == "unknown");
    CHECK(f.text().find("\"sta{") == std::string::npos);
}

TEST_CASE("a file that is not a journal is refused, and a journal in use is refused") {
    TempFile f;
    {
        std::ofstream out(f.path);
        out << "to\na@example.org\n";
    }
    CHECK_THROWS_WITH_AS(Journal(f.path, Journal::Sync::Os), doctest::Contains("line 1 is not a journal record"),
                         std::runtime_error);
    std::filesystem::remove(f.path);
    Journal first(f.path, Journal::Sync::Os);
    CHECK_THROWS_WITH_AS(Journal(f.path, Journal::Sync::Os), doctest::Contains("in use by another rpa"),
                         std::runtime_error);
}

TEST_CASE("a row's key is its values, whatever the column order; the Message-ID is stable per mailing") {
    CHECK(rowKey({"to", "name"}, {"a@example.org", "Анна"}) == rowKey({"name", "to"}, {"Анна", "a@example.org"}));
    CHECK_FALSE(rowKey({"to", "name"}, {"a@example.org", "Анна"}) ==
                rowKey({"to", "name"}, {"a@example.org", "Борис"}));
    CHECK_FALSE(rowKey({"a", "b"}, {"x", ""}) == rowKey({"a", "b"}, {"", "x"}));
    CHECK(RowKey{0x0123456789abcdefULL, 0xfedcba9876543210ULL}.hex() == "0123456789abcdeffedcba9876543210");
    RowKey back;
    REQUIRE(RowKey::fromHex(kA.hex(), back));
    CHECK(back == kA);
    CHECK(rowMessageId("m1", kA, "send") == rowMessageId("m1", kA, "send"));
    CHECK(rowMessageId("m1", kA, "send") != rowMessageId("m2", kA, "send"));
    CHECK(rowMessageId("m1", kA, "send") != rowMessageId("m1", kB, "send"));
}
