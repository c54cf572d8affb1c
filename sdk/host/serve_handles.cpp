#include "serve_handles.hpp"

namespace mailblock::host {

std::string ObjectHandles::keep(sdk::Value object, const std::string& scope) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string handle = "h-" + std::to_string(next_++);
    entries_[handle] = Entry{std::move(object), scope};
    order_.push_back(handle);
    while (entries_.size() > limit_ && !order_.empty()) {
        entries_.erase(order_.front());
        order_.pop_front();
    }
    // Released handles stay in order_ until they reach its front: keep it from growing without bound.
    if (order_.size() > 2 * limit_) {
        std::deque<std::string> live;
        for (auto& h : order_)
            if (entries_.count(h)) live.push_back(std::move(h));
        order_.swap(live);
    }
    return handle;
}

std::optional<sdk::Value> ObjectHandles::find(const std::string& handle) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(handle);
    if (it == entries_.end()) return std::nullopt;
    return it->second.object;
}

void ObjectHandles::endScope(const std::string& scope) {
    if (scope.empty()) return;  // handles of runs without a scope go only by age
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end();)
        it = it->second.scope == scope ? entries_.erase(it) : std::next(it);
}

size_t ObjectHandles::size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_.size();
}

}  // namespace mailblock::host
