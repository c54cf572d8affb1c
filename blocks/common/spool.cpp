#include "common/spool.hpp"

#include <unistd.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace mailblock::common {

namespace {
std::mutex g_mutex;
std::multimap<uint64_t, std::string> g_files;  // run scope -> path
}  // namespace

std::string createSpoolFile(std::ofstream& out, uint64_t run_scope) {
    const char* dir = std::getenv("TMPDIR");
    std::string pattern = std::string(dir && *dir ? dir : "/tmp") + "/mailblock-spool-XXXXXX";
    int fd = ::mkstemp(pattern.data());  // mode 0600: the message may be private
    if (fd < 0) throw std::runtime_error("cannot create a spool file in " + pattern.substr(0, pattern.rfind('/')));
    ::close(fd);
    try {
        std::lock_guard<std::mutex> lock(g_mutex);
        g_files.emplace(run_scope, pattern);
    } catch (...) {
        ::unlink(pattern.c_str());
        throw;
    }
    out.open(pattern, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write the spool file " + pattern);
    return pattern;
}

void removeSpoolFiles(uint64_t run_scope) noexcept {
    std::lock_guard<std::mutex> lock(g_mutex);
    auto [from, to] = g_files.equal_range(run_scope);
    for (auto it = from; it != to; ++it) ::unlink(it->second.c_str());
    g_files.erase(from, to);
}

void removeSpoolFiles() noexcept {
    std::lock_guard<std::mutex> lock(g_mutex);
    for (const auto& [scope, path] : g_files) ::unlink(path.c_str());
    g_files.clear();
}

}  // namespace mailblock::common
