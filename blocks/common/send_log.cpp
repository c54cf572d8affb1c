#include "common/send_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <ctime>

#include <fmt/format.h>

namespace mailblock::common {

LogMode logModeFromName(const std::string& name) {
    if (name == "Full") return LogMode::Full;
    if (name == "Errors only") return LogMode::ErrorsOnly;
    return LogMode::Off;
}

bool succeeded(const std::string& outcome) { return outcome == "ok" || outcome == "already_there" || outcome == "skipped"; }

bool appendSendLog(const std::string& path, LogMode mode, const SendLogLine& l) {
    if (path.empty() || mode == LogMode::Off || (mode == LogMode::ErrorsOnly && succeeded(l.outcome))) return true;
    auto field = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::string stamp = fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                                    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    std::string text = fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\n", stamp, l.block_id, field(l.server), field(l.message_id), l.recipients,
                                   l.outcome, l.milliseconds);
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd < 0) return false;
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ::close(fd);
    return ok;
}

}  // namespace mailblock::common
