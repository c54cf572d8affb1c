#include "progress.hpp"

#include <fmt/format.h>

#include <cmath>

namespace mailblock::host {

std::string formatDuration(double seconds) {
    long s = std::lround(std::max(0.0, seconds));
    if (s >= 3600) return fmt::format("{}:{:02d}:{:02d}", s / 3600, (s / 60) % 60, s % 60);
    return fmt::format("{}:{:02d}", s / 60, s % 60);
}

Progress::Progress(Mode mode, std::ostream& out, double rate_limit) : mode_(mode), out_(out), rate_limit_(rate_limit) {}

double Progress::rate(const MailingCounts& c) const {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    return secs > 0 ? static_cast<double>(c.done) / secs : 0;
}

void Progress::update(const MailingCounts& c) {
    if (mode_ == Mode::Silent) return;
    auto now = std::chrono::steady_clock::now();
    auto every = mode_ == Mode::Json ? std::chrono::milliseconds(1000) : std::chrono::milliseconds(100);
    if (any_shown_ && now - shown_ < every) return;
    show(c, false);
}

void Progress::finish(const MailingCounts& c) {
    if (mode_ != Mode::Silent) show(c, true);
}

void Progress::clear() {
    if (mode_ != Mode::Terminal || !any_shown_) return;
    out_ << "\r\x1b[K" << std::flush;
    any_shown_ = false;
}

void Progress::show(const MailingCounts& c, bool last) {
    shown_ = std::chrono::steady_clock::now();
    any_shown_ = true;
    double r = rate(c);
    size_t left = c.total > c.done ? c.total - c.done : 0;
    double eta = r > 0 ? static_cast<double>(left) / r : -1;
    // The limit is what holds the rate back when the rate is at it (pacing keeps it just under).
    bool limited = rate_limit_ > 0 && r >= rate_limit_ * 0.8;
    if (mode_ == Mode::Json) {
        out_ << fmt::format(
                    "{{\"event\":\"{}\",\"done\":{},\"total\":{},\"sent\":{},\"partial\":{},\"refused\":{},"
                    "\"unknown\":{},\"rate\":{:.1f},\"eta_seconds\":{},\"limited_by\":{}}}",
                    last ? "finished" : "progress", c.done, c.total, c.sent, c.partial, c.refused, c.unknown, r,
                    eta < 0 ? "null" : fmt::format("{:.0f}", eta), limited ? "\"messages_per_second\"" : "null")
             << std::endl;
        return;
    }
    std::string line =
        fmt::format(r < 10 ? "\rrpa: {} of {} rows, {:.1f}/s" : "\rrpa: {} of {} rows, {:.0f}/s", c.done, c.total, r);
    if (limited) line += fmt::format(" (limited by messages_per_second = {:g})", rate_limit_);
    line += fmt::format(", refused {}, unknown {}", c.refused, c.unknown);
    if (!last && eta >= 0) line += ", " + formatDuration(eta) + " left";
    out_ << line << "\x1b[K" << (last ? "\n" : "") << std::flush;
}

}  // namespace mailblock::host
