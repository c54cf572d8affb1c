// An output stream that writes message text the way SMTP's DATA needs it (RFC 5321 4.5.2): a "." at the start
// of a line is doubled, the end is marked with CRLF "." CRLF, and bytes leave in large chunks (no Nagle-sized
// writes). The message is streamed through it, so its size never matters for memory.
#pragma once

#include <cstdint>
#include <functional>
#include <streambuf>
#include <string>

namespace mailblock::send_email::smtp {

class DotStuffingBuf : public std::streambuf {
public:
    using Sink = std::function<void(const char* data, size_t size)>;
    // `sink` receives the stuffed bytes; `progress` the count of message bytes taken so far (may be empty).
    // `size_hint`: the message's size when known, so a small one does not get a whole chunk's buffer.
    DotStuffingBuf(Sink sink, std::function<void(uint64_t)> progress, size_t chunk = size_t{256} * 1024,
                   uint64_t size_hint = 0);
    // Ends the data: CRLF if the message did not end with one, then ".\r\n", then flushes.
    void finish();
    uint64_t total() const { return total_; }

protected:
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int_type overflow(int_type c) override;
    int sync() override;

private:
    void flush();

    Sink sink_;
    std::function<void(uint64_t)> progress_;
    size_t chunk_;
    std::string out_;
    bool line_start_ = true;
    uint64_t total_ = 0;
};

}  // namespace mailblock::send_email::smtp
