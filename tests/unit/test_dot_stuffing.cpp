// DATA transparency (RFC 5321 4.5.2): every "." that starts a line is doubled, whatever the write sizes, and the
// data ends with CRLF "." CRLF.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "send_email/smtp/dot_stuffing.hpp"

using mailblock::send_email::smtp::DotStuffingBuf;

namespace {

// The rule written the plain way: scan line by line.
std::string stuffedReference(const std::string& text) {
    std::string out;
    bool lineStart = true;
    for (char c : text) {
        if (lineStart && c == '.') out += '.';
        out += c;
        lineStart = c == '\n';
    }
    if (!lineStart) out += "\r\n";
    return out + ".\r\n";
}

// Writes `text` through the buffer in pieces of random size; returns what reached the sink.
std::string stuffed(const std::string& text, std::mt19937& rng, size_t chunk, uint64_t* lastProgress) {
    std::string sent;
    DotStuffingBuf buf([&](const char* d, size_t n) { sent.append(d, n); },
                       [&](uint64_t total) { *lastProgress = total; }, chunk);
    size_t pos = 0;
    while (pos < text.size()) {
        size_t n = std::min(text.size() - pos, static_cast<size_t>(rng() % 700));
        if (n == 1) buf.sputc(text[pos]);
        else buf.sputn(text.data() + pos, static_cast<std::streamsize>(n));
        pos += n;
    }
    buf.finish();
    CHECK(buf.total() == text.size());
    return sent;
}

}  // namespace

TEST_CASE("dots at line starts are doubled however the message is cut into writes") {
    std::mt19937 rng(7);
    const std::string alphabet = "..\r\nab.";
    for (int round = 0; round < 300; ++round) {
        std::string text(rng() % 5000, 'x');
        for (auto& c : text) c = alphabet[rng() % alphabet.size()];
        for (size_t chunk : {size_t{16}, size_t{256 * 1024}}) {
            uint64_t progress = 0;
            CHECK(stuffed(text, rng, chunk, &progress) == stuffedReference(text));
            CHECK(progress == text.size());
        }
    }
}

TEST_CASE("a message that starts with a dot, ends without a line end, or is a lone dot line") {
    std::mt19937 rng(1);
    uint64_t progress = 0;
    CHECK(stuffed(".", rng, 64, &progress) == "..\r\n.\r\n");
    CHECK(stuffed("a\r\n.\r\n", rng, 64, &progress) == "a\r\n..\r\n.\r\n");
    CHECK(stuffed("no end", rng, 64, &progress) == "no end\r\n.\r\n");
    CHECK(stuffed("", rng, 64, &progress) == ".\r\n");
}

TEST_CASE("a big block written at once leaves in chunks, with progress after each (a progress bar moves)") {
    std::string text(10 * 1000, 'x');
    std::string sent;
    std::vector<uint64_t> progress;
    DotStuffingBuf buf([&](const char* d, size_t n) { sent.append(d, n); }, [&](uint64_t done) { progress.push_back(done); },
                       1000);
    buf.sputn(text.data(), static_cast<std::streamsize>(text.size()));
    buf.finish();
    CHECK(sent == stuffedReference(text));
    REQUIRE(progress.size() >= 10);
    for (size_t i = 0; i < 10; ++i) CHECK(progress[i] == (i + 1) * 1000);
}
