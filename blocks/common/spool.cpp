#include "common/spool.hpp"

#include <unistd.h>

#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace mailblock::common {

namespace {
std::mutex g_mutex;
std::vector<std::string> g_files;
}  // namespace

std::string createSpoolFile(std::ofstream& out) {
    const char* dir = std::getenv("TMPDIR");
    std::string pattern = std::string(dir && *dir ? dir : "/tmp") + "/mailblock-spool-XXXXXX";
    int fd = ::mkstemp(pattern.data());  // mode 0600: the message may be private
    if (fd < 0) throw std::runtime_error("cannot create a spool file in " + pattern.substr(0, pattern.rfind('/')));
    ::close(fd);
    {
        std::lock_guard<std::mutex> lock(g_mutex);
        g_files.push_back(pattern);
    }
    out.open(pattern, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write the spool file " + pattern);
    return pattern;
}

void removeSpoolFiles() {
    std::lock_guard<std::mutex> lock(g_mutex);
    for (const auto& f : g_files) ::unlink(f.c_str());
    g_files.clear();
}

}  // namespace mailblock::common
