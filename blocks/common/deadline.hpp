// A time limit for network work and the run's cancellation, checked wherever the work waits: every wait on
// a socket goes through Deadline::wait, in slices short enough that a cancellation is seen within ~0.1 s.
// Not thread-safe: one deadline belongs to one block run's thread (the cancel check calls into the host).
#pragma once

#include <Poco/Net/Socket.h>

#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>

namespace mailblock::common {

// The run was cancelled (the host's cancel, Ctrl+C in rpa) while we waited.
struct Cancelled : std::runtime_error {
    Cancelled() : std::runtime_error("cancelled") {}
};

class Deadline {
public:
    using Clock = std::chrono::steady_clock;

    // `budget` from now; `cancelled` (may be empty) is asked at every wait.
    explicit Deadline(Clock::duration budget = std::chrono::seconds(30), std::function<bool()> cancelled = {});

    Clock::time_point at() const { return at_; }
    // Time left, zero once passed.
    Clock::duration remaining() const;
    // This deadline, or `budget` from now if that is sooner (QUIT, one of several addresses).
    Deadline within(Clock::duration budget) const;
    // `budget` from now, whatever is left of this one, with the same cancellation (QUIT after the fate is known).
    Deadline renewed(Clock::duration budget) const { return Deadline(budget, cancelled_); }
    bool cancelled() const { return cancelled_ && cancelled_(); }
    // Throws Cancelled when the run was cancelled, Poco::TimeoutException (naming `what`) once the time is up.
    void check(const std::string& what) const;
    // Waits until `socket` can be read (or written), up to the deadline; throws as check() does.
    void wait(const Poco::Net::Socket& socket, bool write, const std::string& what) const;
    // Sleeps until `until` (or the deadline, if sooner), seeing a cancellation as wait() does.
    void sleepUntil(Clock::time_point until) const;

private:
    Clock::time_point at_;
    std::function<bool()> cancelled_;
};

// How often a wait looks at the cancel flag.
constexpr std::chrono::milliseconds kCancelSlice{100};

}  // namespace mailblock::common
