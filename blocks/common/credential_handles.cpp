#include "common/credential_handles.hpp"

#include <map>
#include <mutex>
#include <random>

namespace mailblock::common::credentials {

namespace {

struct Key {
    uint64_t scope;
    std::string handle;
    bool operator<(const Key& o) const { return scope != o.scope ? scope < o.scope : handle < o.handle; }
};

std::mutex g_mutex;
std::map<Key, Held> g_held;

std::string newHandle() {
    std::random_device random;  // the kernel's generator: a handle must not be guessable
    static const char* hex = "0123456789abcdef";
    std::string handle = "mailblock-credential-";
    for (int i = 0; i < 4; ++i) {
        uint32_t r = random();
        for (int nibble = 0; nibble < 8; ++nibble, r >>= 4) handle += hex[r & 15];
    }
    return handle;
}

// Overwrites the secrets before their memory is freed.
void wipe(Held& held) noexcept {
    for (std::string* s : {&held.password, &held.token}) s->assign(s->size(), '\0');
}

}  // namespace

std::string hold(uint64_t run_scope, Held held) {
    std::string handle = newHandle();
    std::lock_guard<std::mutex> lock(g_mutex);
    g_held.emplace(Key{run_scope, handle}, std::move(held));
    return handle;
}

std::optional<Held> find(uint64_t run_scope, const std::string& handle) {
    std::lock_guard<std::mutex> lock(g_mutex);
    auto it = g_held.find(Key{run_scope, handle});
    if (it == g_held.end()) return std::nullopt;
    return it->second;
}

void endScope(uint64_t run_scope) noexcept {
    std::lock_guard<std::mutex> lock(g_mutex);
    auto from = g_held.lower_bound(Key{run_scope, ""});
    auto to = from;
    for (; to != g_held.end() && to->first.scope == run_scope; ++to) wipe(to->second);
    g_held.erase(from, to);
}

void clear() noexcept {
    std::lock_guard<std::mutex> lock(g_mutex);
    for (auto& [key, held] : g_held) wipe(held);
    g_held.clear();
}

size_t heldCount() {
    std::lock_guard<std::mutex> lock(g_mutex);
    return g_held.size();
}

}  // namespace mailblock::common::credentials
