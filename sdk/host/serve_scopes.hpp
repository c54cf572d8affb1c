// rpa serve: the run scopes (run_scope.hpp) of the engine's messages. A run request names its scope (Node-RED: the
// message's id), so Send email and the Save to Sent after it share one: the secret handle Send email's Sent message
// carries stays resolvable, and what the plugins kept for the message (secret handles, spool files) goes when the
// scope ends. An engine cannot always tell when a message is done, so a scope also ends after it has been idle
// for a while, or when too many are open (the least recently used goes). A scope never ends while a run of it is
// executing: it ends when its last run does. Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "run_scope.hpp"

namespace mailblock::host {

class ServeScopes {
public:
    using Clock = std::chrono::steady_clock;
    // `on_end` is called (outside the lock) with the scope's name when it ends, e.g. to drop its object handles.
    ServeScopes(std::chrono::seconds idle, size_t limit, std::function<void(const std::string&)> on_end)
        : idle_(idle), limit_(limit), on_end_(std::move(on_end)) {}
    ~ServeScopes() { endAll(); }

    // The scope of `name`, opened when new, held for one run until release(). Also ends idle scopes.
    RunScope* acquire(const std::string& name);
    void release(const std::string& name);
    // The engine says the message is done: the scope ends now, or when its last run ends.
    void end(const std::string& name);
    void endAll();
    size_t open() const;

private:
    struct Entry {
        std::unique_ptr<RunScope> scope;
        int running = 0;
        bool ending = false;
        Clock::time_point last_used;
    };
    // Under mutex_: takes out the scopes due to end now, to be ended outside the lock.
    void collect(std::map<std::string, Entry>& due, Clock::time_point now);
    void finish(std::map<std::string, Entry>& due);

    const std::chrono::seconds idle_;
    const size_t limit_;
    std::function<void(const std::string&)> on_end_;
    mutable std::mutex mutex_;
    std::map<std::string, Entry> scopes_;
};

}  // namespace mailblock::host
