#include "common/deadline.hpp"

#include <Poco/Exception.h>

#include <algorithm>
#include <thread>

namespace mailblock::common {

Deadline::Deadline(Clock::duration budget, std::function<bool()> cancelled)
    : at_(Clock::now() + budget), cancelled_(std::move(cancelled)) {}

Deadline::Clock::duration Deadline::remaining() const {
    auto left = at_ - Clock::now();
    return left > Clock::duration::zero() ? left : Clock::duration::zero();
}

Deadline Deadline::within(Clock::duration budget) const {
    Deadline d = *this;
    d.at_ = std::min(at_, Clock::now() + budget);
    return d;
}

void Deadline::check(const std::string& what) const {
    if (cancelled()) throw Cancelled();
    if (Clock::now() >= at_) throw Poco::TimeoutException(what);
}

void Deadline::wait(const Poco::Net::Socket& socket, bool write, const std::string& what) const {
    const int mode = write ? Poco::Net::Socket::SELECT_WRITE : Poco::Net::Socket::SELECT_READ;
    while (true) {
        check(what);
        auto slice = std::min<Clock::duration>(remaining(), kCancelSlice);
        long micros = static_cast<long>(std::chrono::duration_cast<std::chrono::microseconds>(slice).count());
        // Errors and hang-ups count as ready: the read or write that follows reports them.
        if (socket.poll(Poco::Timespan(0, std::max(micros, 1000L)), mode | Poco::Net::Socket::SELECT_ERROR)) return;
    }
}

void Deadline::sleepUntil(Clock::time_point until) const {
    until = std::min(until, at_);
    while (Clock::now() < until) {
        if (cancelled()) throw Cancelled();
        std::this_thread::sleep_for(std::min<Clock::duration>(until - Clock::now(), kCancelSlice));
    }
    if (cancelled()) throw Cancelled();
}

}  // namespace mailblock::common
