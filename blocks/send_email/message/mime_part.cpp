#include "send_email/message/mime_part.hpp"

#include <sys/stat.h>

#include <fstream>
#include <stdexcept>

#include "common/base64.hpp"

namespace mailblock::message {

namespace {

uint64_t fileSize(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw std::runtime_error("cannot read attachment \"" + path + "\"");
    return static_cast<uint64_t>(st.st_size);
}

// Counts what would be written, and stores nothing.
class CountingBuf : public std::streambuf {
public:
    uint64_t count = 0;

protected:
    std::streamsize xsputn(const char*, std::streamsize n) override {
        count += static_cast<uint64_t>(n);
        return n;
    }
    int_type overflow(int_type c) override {
        if (!traits_type::eq_int_type(c, traits_type::eof())) ++count;
        return traits_type::not_eof(c);
    }
};

// One walk for both passes: with `sizing`, file bodies are not read but counted from the files' sizes.
// `done` is the file bytes read so far, across the tree. Returns the bytes counted but not written.
uint64_t walk(const Part& p, std::ostream& out, const std::function<void(uint64_t)>& progress, bool sizing, uint64_t& done) {
    out << p.headers;
    if (p.multipart.empty()) {
        out << "\r\n" << p.body;
        if (p.file.empty()) return 0;
        if (sizing) return common::base64LinesSize(fileSize(p.file));
        std::ifstream in(p.file, std::ios::binary);
        if (!in) throw std::runtime_error("cannot read attachment \"" + p.file + "\"");
        const uint64_t before = done;
        common::base64Lines(in, out, [&](uint64_t n) {
            done = before + n;
            if (progress) progress(done);
        });
        if (in.bad()) throw std::runtime_error("reading attachment \"" + p.file + "\" failed");
        return 0;
    }
    out << "Content-Type: multipart/" << p.multipart << ";\r\n boundary=\"" << p.boundary << "\"\r\n\r\n" << p.preamble;
    uint64_t skipped = 0;
    for (size_t i = 0; i < p.children.size(); ++i) {
        // The CRLF before a delimiter belongs to the delimiter (RFC 2046 5.1.1): each part keeps its own last one.
        out << (i == 0 ? "" : "\r\n") << "--" << p.boundary << "\r\n";
        skipped += walk(p.children[i], out, progress, sizing, done);
    }
    out << "\r\n--" << p.boundary << "--\r\n";
    return skipped;
}

}  // namespace

void writePart(const Part& part, std::ostream& out, const std::function<void(uint64_t)>& progress) {
    uint64_t done = 0;
    walk(part, out, progress, false, done);
}

uint64_t partSize(const Part& part) {
    CountingBuf counter;
    std::ostream out(&counter);
    uint64_t done = 0;
    uint64_t skipped = walk(part, out, nullptr, true, done);
    return counter.count + skipped;
}

}  // namespace mailblock::message
