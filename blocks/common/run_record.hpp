// The end of every mail block's run, whatever it is: one line in the file log (also for failures before any
// connection: bad input, an OAuth sign-in to renew), and an error that says the message's fate first.
#pragma once

#include <functional>
#include <string>

#include "common/send_log.hpp"
#include "mailblock/sdk/context.hpp"
#include "mailblock/sdk/descriptor.hpp"

namespace mailblock::common {

namespace port {
inline const char* const kLogFile = "log_file";
inline const char* const kLogMode = "log_mode";
}  // namespace port

// The File log ports; `what` says what one line is about (a send, a stored copy).
sdk::Port logFilePort(sdk::Localized description);
sdk::Port logModePort();

// Runs `body`, which fills in what it learns about the run (server, Message-ID, recipients) and returns the
// outcome word for the log ("ok", "partial", "already_there", ...). A BlockFailure leaves with its fate (or
// `fallback_fate`) stated first (common/outcome.hpp) and its kind in the log ("partial" when its fate is); any
// other exception is logged as "internal". With `logged`, the log line is written in every case (a check that sends
// nothing passes false); a log that cannot be written is a warning, not a failure.
void runRecorded(sdk::Context& ctx, const std::string& fallback_fate, bool logged,
                 const std::function<std::string(SendLogLine&)>& body);

}  // namespace mailblock::common
