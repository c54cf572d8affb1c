// The optional file log of sends (reference: "Запись в файловые журналы": full / errors only / off): one line
// per run, appended, safe to share between processes (one write per line with O_APPEND).
#pragma once

#include <string>

namespace mailblock::common {

enum class LogMode { Off, ErrorsOnly, Full };

LogMode logModeFromName(const std::string& name);  // "Off", "Errors only", "Full"

struct SendLogLine {
    std::string block_id;
    std::string server;  // host:port
    std::string message_id;
    size_t recipients = 0;
    std::string outcome;  // "ok" or the error kind
    long long milliseconds = 0;
};

// Appends "2026-11-25T03:20:00Z<TAB>block<TAB>server<TAB>message-id<TAB>recipients<TAB>outcome<TAB>ms" when the
// mode asks for it. Never throws: a log that cannot be written must not fail the send; returns false then.
bool appendSendLog(const std::string& path, LogMode mode, const SendLogLine& line);

}  // namespace mailblock::common
