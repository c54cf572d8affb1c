// rpa serve: Object outputs kept under handles, so an object that holds secrets (the Sent message's account)
// crosses stdout with its secrets masked and still reaches the next block whole. Thread-safe.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "mailblock/sdk/value.hpp"

namespace mailblock::host {

class ObjectHandles {
public:
    // At most `count` objects of at most `bytes` in all (their wire JSON's size: a small sent message holds its
    // bytes; a big one names its spool file).
    explicit ObjectHandles(size_t count = 4096, size_t bytes = size_t{256} << 20)
        : count_limit_(count), byte_limit_(bytes) {}

    // Keeps `object` for runs of `scope` ("" : no scope) and returns its new handle. Past either limit the oldest
    // handles are dropped.
    std::string keep(sdk::Value object, const std::string& scope);
    // The object kept under `handle`, or nothing when it is unknown or released.
    std::optional<sdk::Value> find(const std::string& handle) const;
    // Drops every handle kept for `scope`.
    void endScope(const std::string& scope);
    size_t size() const;

private:
    struct Entry {
        sdk::Value object;
        std::string scope;
        size_t bytes = 0;
    };
    void erase(std::map<std::string, Entry>::iterator it);

    const size_t count_limit_, byte_limit_;
    size_t bytes_ = 0;
    mutable std::mutex mutex_;
    unsigned long long next_ = 1;
    std::map<std::string, Entry> entries_;
    std::deque<std::string> order_;  // handles, oldest first (may name released ones)
};

}  // namespace mailblock::host
