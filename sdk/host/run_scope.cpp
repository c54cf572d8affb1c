#include "run_scope.hpp"

#include <algorithm>
#include <atomic>

namespace mailblock::host {

namespace {
std::atomic<uint64_t> g_last_scope{0};
}  // namespace

RunScope::RunScope() : id_(++g_last_scope) {}

RunScope::~RunScope() { end(); }

void RunScope::use(const Plugin& plugin) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (std::find(used_.begin(), used_.end(), &plugin) == used_.end()) used_.push_back(&plugin);
}

void RunScope::end() noexcept {
    std::vector<const Plugin*> used;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (ended_) return;
        ended_ = true;
        used.swap(used_);
    }
    for (const Plugin* p : used) p->endRunScope(id_);
}

}  // namespace mailblock::host
