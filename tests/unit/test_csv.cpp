// Rows for `rpa run --each`: quoted fields, both separators, a BOM, and clear errors.
#include <doctest/doctest.h>

#include <sstream>

#include "csv.hpp"

using namespace mailblock::host;

TEST_CASE("a header row names the variables of each data row") {
    auto rows = parseCsvRows("to,name\r\na@example.org,Анна\nb@example.org,\"Petrov, Ivan\"\n");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].at("to") == "a@example.org");
    CHECK(rows[0].at("name") == "Анна");
    CHECK(rows[1].at("name") == "Petrov, Ivan");
}

TEST_CASE("semicolons (Russian Excel), a BOM, doubled quotes and line breaks inside quotes") {
    auto rows = parseCsvRows("\xEF\xBB\xBFto;body\na@example.org;\"line 1\nline \"\"2\"\"\"\n");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].at("body") == "line 1\nline \"2\"");
}

TEST_CASE("malformed files are refused with the line") {
    CHECK_THROWS_WITH_AS(parseCsvRows("a,b\n1\n"), doctest::Contains("row 2 has 1 fields"), CsvError);
    CHECK_THROWS_WITH_AS(parseCsvRows("a\n\"open\n"), doctest::Contains("not closed"), CsvError);
    CHECK_THROWS_AS(parseCsvRows(""), CsvError);
    CHECK(parseCsvRows("a,b\n").empty());
}

TEST_CASE("the reader streams rows one at a time and numbers them") {
    std::istringstream in("to;name\na@example.org;\"A;\"\"B\"\"\"\r\n\nb@example.org;C");
    CsvReader reader(in);
    CHECK(reader.header() == std::vector<std::string>{"to", "name"});
    std::vector<std::string> row;
    REQUIRE(reader.next(row));
    CHECK(row == std::vector<std::string>{"a@example.org", "A;\"B\""});
    REQUIRE(reader.next(row));
    CHECK(row == std::vector<std::string>{"b@example.org", "C"});
    CHECK(reader.rowNumber() == 2);
    CHECK_FALSE(reader.next(row));
}

TEST_CASE("rows of every length keep their fields across the reader's 64 KB chunks") {
    // Rows with CRLF, doubled quotes and quoted line breaks, some landing on every offset of a chunk's end.
    std::string text = "to;note\r\n";
    std::vector<std::pair<std::string, std::string>> expected;
    for (size_t i = 0; text.size() < 200 * 1024; ++i) {
        std::string to = "user" + std::to_string(i) + "@example.org";
        std::string note = std::string(i % 37, 'x') + (i % 3 ? "" : "\"q\"") + (i % 5 ? "" : "\r\nnext line");
        std::string quoted;
        for (char c : note) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        text += to + ";\"" + quoted + "\"\r\n";
        expected.emplace_back(to, note);
    }
    std::istringstream in(text);
    CsvReader reader(in);
    std::vector<std::string> row;
    size_t n = 0;
    while (reader.next(row)) {
        REQUIRE(n < expected.size());
        CHECK(row[0] == expected[n].first);
        CHECK(row[1] == expected[n].second);
        ++n;
    }
    CHECK(n == expected.size());
}
