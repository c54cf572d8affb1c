#include "send_email/smtp/dot_stuffing.hpp"

#include <cstring>

namespace mailblock::send_email::smtp {

DotStuffingBuf::DotStuffingBuf(Sink sink, std::function<void(uint64_t)> progress, size_t chunk)
    : sink_(std::move(sink)), progress_(std::move(progress)), chunk_(chunk) {
    out_.reserve(chunk_ + chunk_ / 32 + 8);
}

std::streamsize DotStuffingBuf::xsputn(const char* s, std::streamsize n) {
    const char* p = s;
    const char* end = s + n;
    // Whole segments up to each line end are copied; only a "." right after one needs an extra byte.
    while (p < end) {
        if (line_start_ && *p == '.') out_ += '.';
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
        const char* stop = nl ? nl + 1 : end;
        out_.append(p, static_cast<size_t>(stop - p));
        line_start_ = nl != nullptr;
        p = stop;
        if (out_.size() >= chunk_) flush();
    }
    total_ += static_cast<uint64_t>(n);
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
