// rpa serve: one run request and the events it produces (docs/serve-protocol.md).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>

#include "mailblock/sdk/value.hpp"
#include "plugin_loader.hpp"
#include "run_context.hpp"
#include "run_scope.hpp"
#include "serve_handles.hpp"

namespace mailblock::host {

// Writes events to stdout, one whole line at a time, flushed. Thread-safe.
class EventWriter {
public:
    explicit EventWriter(std::FILE* out) : out_(out) {}
    void write(const sdk::Value& event, const SecretMask* mask = nullptr);

private:
    std::FILE* out_;
    std::mutex mutex_;
};

// A run in flight, shared by the thread that runs it, the reader that may cancel it and the watchdog that ends
// it on time. Once `closed` (its done event is out) nothing more is written for its id.
struct ServeRun {
    std::string id;
    std::string scope;
    RunScope* run_scope = nullptr;  // the scope's, while the run holds it (serve_scopes.hpp); null without a scope
    bool scope_left = false;        // the run let go of its scope (ServeShared::leave_scope); its own thread only
    sdk::Value request;
    std::atomic<bool> cancel{false};
    std::atomic<bool> slot_released{false};
    std::mutex mutex;  // one event of this id at a time; guards `closed`
    std::condition_variable closed_cv;
    bool closed = false;
    bool started = false;  // its thread was launched; guarded by the server's own lock, not `mutex`
    SecretMask mask;       // learned and used only on the run's own thread
};

// Everything a run needs from the serving process.
struct ServeShared {
    const Registry& registry;
    ObjectHandles& handles;
    EventWriter& writer;
    // Lets go of the run's scope once (a later call does nothing): before its done event, so that an engine which
    // ends the scope on seeing "done" ends it then, not when the run's thread gets round to it.
    std::function<void(ServeRun&)> leave_scope;
};

// Runs the request's block to its end on the calling thread, sending log/progress events and the done event
// (unless the run was closed meanwhile, e.g. by a cancel's deadline). Never throws.
void executeRun(ServeRun& run, ServeShared& shared);

// Sends `event` for the run unless it is closed; `done` closes it. Returns false when the run was closed already.
// `mask`: the run's mask, only from the run's own thread.
bool emitForRun(ServeRun& run, EventWriter& writer, const sdk::Value& event, bool done, const SecretMask* mask);

// The done event of a run that ended without running its block: `kind` and `message` as its error; the outputs
// of `block` (when known) are null but error_text.
sdk::Value failedDone(const std::string& id, const LoadedBlock* block, const std::string& kind,
                      const std::string& message);

}  // namespace mailblock::host
