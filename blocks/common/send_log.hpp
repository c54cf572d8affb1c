// The optional file log of sends and stored copies (reference: "Запись в файловые журналы": full / errors only /
// off): one line per run, whatever its outcome, appended, safe to share between processes (one write per line
// with O_APPEND).
#pragma once

#include <string>

namespace mailblock::common {

enum class LogMode { Off, ErrorsOnly, Full };

LogMode logModeFromName(const std::string& name);  // "Off", "Errors only", "Full"
bool succeeded(const std::string& outcome);         // a log outcome that "Errors only" leaves out

struct SendLogLine {
    std::string block_id;
    std::string server;  // host:port; empty (written "-") when the run failed before it was known
    std::string message_id;  // empty (written "-") likewise
    size_t recipients = 0;  // envelope recipients (Save to Sent: 0)
    // "ok", "partial" (some recipients refused), "already_there" / "skipped" (Save to Sent), or the error kind
    std::string outcome;
    long long milliseconds = 0;
};

// Appends "2026-11-25T03:20:00Z<TAB>block<TAB>server<TAB>message-id<TAB>recipients<TAB>outcome<TAB>ms" when the
// mode asks for it: Full always, Errors only unless the outcome is a success ("ok", "already_there", "skipped").
// Never throws: a log that cannot be written must not fail the send; returns false then.
bool appendSendLog(const std::string& path, LogMode mode, const SendLogLine& line);

}  // namespace mailblock::common
