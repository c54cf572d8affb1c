// How far a mailing (`rpa run --each`) has got: a line redrawn on a terminal, or JSON events for a program
// reading stderr: "progress" at most once a second, one "finished" at the end. Not thread-safe: the mailing loop calls
// it between rows.
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

namespace mailblock::host {

struct MailingCounts {
    size_t total = 0;  // rows this run sends (rows already sent and duplicates are not counted)
    size_t done = 0;
    size_t sent = 0;
    size_t partial = 0;  // some recipients have it: never sent again
    size_t refused = 0;  // not sent: a rerun tries it again
    size_t unknown = 0;  // handed over, no reply: reported, sent again only with --resend-unknown
};

class Progress {
public:
    enum class Mode { Silent, Terminal, Json };
    // `rate_limit`: the messages-per-second limit the diagram sets (0: none); the line says when it is what
    // limits the rate.
    Progress(Mode mode, std::ostream& out, double rate_limit);
    void update(const MailingCounts& c);  // shown at most every 0.1 s (terminal) or 1 s (JSON)
    void finish(const MailingCounts& c);  // the last state, always shown; ends the terminal line
    void clear();  // takes the terminal line away before other output; the next update draws it again

    double rate(const MailingCounts& c) const;  // rows a second so far

private:
    void show(const MailingCounts& c, bool last);

    Mode mode_;
    std::ostream& out_;
    double rate_limit_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point shown_{};
    bool any_shown_ = false;
};

// "1:05" / "2:03:10".
std::string formatDuration(double seconds);

}  // namespace mailblock::host
