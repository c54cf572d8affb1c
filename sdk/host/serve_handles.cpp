#include "serve_handles.hpp"

#include "mailblock/sdk/json.hpp"

namespace mailblock::host {

std::string ObjectHandles::keep(sdk::Value object, const std::string& scope) {
    const size_t bytes = sdk::json::write(object, sdk::json::Form::Wire).size();
    std::lock_guard<std::mutex> lock(mutex_);
    std::string handle = "h-" + std::to_string(next_++);
    entries_[handle] = Entry{std::move(object), scope, bytes};
    bytes_ += bytes;
    order_.push_back(handle);
    while ((entries_.size() > count_limit_ || bytes_ > byte_limit_) && entries_.size() > 1 && !order_.empty()) {
        if (auto it = entries_.find(order_.front()); it != entries_.end()) erase(it);
        order_.pop_front();
    }
    // Released handles stay in order_ until they reach its front: keep it from growing without bound.
    if (order_.size() > 2 * count_limit_) {
        std::deque<std::string> live;
        for (auto& h : order_)
            if (entries_.count(h)) live.push_back(std::move(h));
        order_.swap(live);
    }
    return handle;
}

void ObjectHandles::erase(std::map<std::string, Entry>::iterator it) {
    bytes_ -= it->second.bytes;
    entries_.erase(it);
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
    for (auto it = entries_.begin(); it != entries_.end();) {
        auto next = std::next(it);
        if (it->second.scope == scope) erase(it);
        it = next;
    }
}

size_t ObjectHandles::size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_.size();
}

}  // namespace mailblock::host
