// One run scope (abi.h, "Run scopes"): the host's side. `rpa run` makes one per diagram run; a long-lived host
// (rpa serve) makes one per incoming message and ends it when that message is done or after an idle time.
// Ending a scope tells every plugin that ran a block in it to drop what it kept for it (secret handles, spool
// files). The plugins must stay loaded until the scope has ended.
//
// runDiagram takes one in RunOptions::scope. A host that runs blocks itself sets mb_run_context::run_scope to
// id() and calls use(*block.plugin) for each block it runs in the scope.
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "plugin_loader.hpp"

namespace mailblock::host {

class RunScope {
public:
    RunScope();   // a new id: never 0, never reused in this process
    ~RunScope();  // end()
    RunScope(const RunScope&) = delete;
    RunScope& operator=(const RunScope&) = delete;

    uint64_t id() const { return id_; }
    // Remembers that a block of `plugin` runs in this scope (the runner calls it). Thread-safe.
    void use(const Plugin& plugin);
    // Ends the scope: each plugin used is told once. Later calls do nothing; no block may run in it afterwards.
    // Thread-safe, never throws.
    void end() noexcept;

private:
    const uint64_t id_;
    std::mutex mutex_;
    std::vector<const Plugin*> used_;
    bool ended_ = false;
};

}  // namespace mailblock::host
