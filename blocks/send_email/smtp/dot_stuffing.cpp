#include "send_email/smtp/dot_stuffing.hpp"

#include <algorithm>
#include <cstring>

namespace mailblock::send_email::smtp {

DotStuffingBuf::DotStuffingBuf(Sink sink, std::function<void(uint64_t)> progress, size_t chunk, uint64_t size_hint)
    : sink_(std::move(sink)), progress_(std::move(progress)), chunk_(chunk) {
    const size_t buffered = size_hint > 0 && size_hint < chunk_ ? static_cast<size_t>(size_hint) : chunk_;
    out_.reserve(buffered + buffered / 32 + 8);  // room for stuffed dots and the final ".\r\n"
}

std::streamsize DotStuffingBuf::xsputn(const char* s, std::streamsize n) {
    const char* p = s;
    const char* end = s + n;
    // Only a "." right after a line end needs an extra byte, so the search is for dots, not for line ends:
    // base64 and most text have none, and whole blocks are copied at once.
    while (p < end) {
        if (line_start_ && *p == '.') out_ += '.';
        const char* stop = end;
        for (const char* q = p + 1; q < end;) {
            const char* dot = static_cast<const char*>(std::memchr(q, '.', static_cast<size_t>(end - q)));
            if (!dot) break;
            if (dot[-1] == '\n') {
                stop = dot;
                break;
            }
            q = dot + 1;
        }
        size_t length = static_cast<size_t>(stop - p);
        total_ += length;
        if (out_.empty() && length >= chunk_) {
            // A big clean block goes out without a copy, a chunk at a time, so progress moves while it does.
            const uint64_t block_end = total_;
            for (size_t sent = 0; sent < length;) {
                size_t n = std::min(chunk_, length - sent);
                sink_(p + sent, n);
                sent += n;
                if (progress_) progress_(block_end - length + sent);
            }
        } else {
            out_.append(p, length);
            if (out_.size() >= chunk_) flush();
        }
        line_start_ = stop[-1] == '\n';
        p = stop;
    }
    return n;
}

DotStuffingBuf::int_type DotStuffingBuf::overflow(int_type c) {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    char ch = traits_type::to_char_type(c);
    xsputn(&ch, 1);
    return c;
}

int DotStuffingBuf::sync() {
    flush();
    return 0;
}

void DotStuffingBuf::flush() {
    if (out_.empty()) return;
    sink_(out_.data(), out_.size());
    out_.clear();
    if (progress_) progress_(total_);
}

void DotStuffingBuf::finish() {
    if (!line_start_) out_ += "\r\n";
    out_ += ".\r\n";
    flush();
}

}  // namespace mailblock::send_email::smtp
