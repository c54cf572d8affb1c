#include "serve_scopes.hpp"

#include <algorithm>

namespace mailblock::host {

void ServeScopes::collect(std::map<std::string, Entry>& due, Clock::time_point now) {
    for (auto it = scopes_.begin(); it != scopes_.end();) {
        const Entry& e = it->second;
        if (e.running == 0 && (e.ending || now - e.last_used >= idle_)) {
            due.insert(scopes_.extract(it++));
        } else {
            ++it;
        }
    }
    while (scopes_.size() > limit_) {  // the least recently used idle scope goes first
        auto oldest = scopes_.end();
        for (auto it = scopes_.begin(); it != scopes_.end(); ++it)
            if (it->second.running == 0 && (oldest == scopes_.end() || it->second.last_used < oldest->second.last_used))
                oldest = it;
        if (oldest == scopes_.end()) break;  // every one is running
        due.insert(scopes_.extract(oldest));
    }
}

void ServeScopes::finish(std::map<std::string, Entry>& due) {
    for (auto& [name, entry] : due) {
        entry.scope->end();
        if (on_end_) on_end_(name);
    }
}

RunScope* ServeScopes::acquire(const std::string& name) {
    std::map<std::string, Entry> due;
    RunScope* scope = nullptr;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto now = Clock::now();
        Entry& e = scopes_[name];
        if (!e.scope) e.scope = std::make_unique<RunScope>();
        e.ending = false;  // a message that goes on after its end was announced keeps its scope
        ++e.running;
        e.last_used = now;
        scope = e.scope.get();
        collect(due, now);
    }
    finish(due);
    return scope;
}

void ServeScopes::release(const std::string& name) {
    std::map<std::string, Entry> due;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = scopes_.find(name);
        if (it == scopes_.end()) return;
        it->second.running = std::max(0, it->second.running - 1);
        it->second.last_used = Clock::now();
        collect(due, it->second.last_used);
    }
    finish(due);
}

void ServeScopes::end(const std::string& name) {
    std::map<std::string, Entry> due;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (auto it = scopes_.find(name); it != scopes_.end()) it->second.ending = true;
        collect(due, Clock::now());
    }
    finish(due);
}

void ServeScopes::endAll() {
    std::map<std::string, Entry> due;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        due.swap(scopes_);
    }
    finish(due);
}

size_t ServeScopes::open() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return scopes_.size();
}

}  // namespace mailblock::host
