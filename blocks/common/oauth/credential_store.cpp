#include "common/oauth/credential_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "common/oauth/store_format.hpp"

namespace mailblock::common::oauth {

namespace {

std::string folderOf(const std::string& path) {
    size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

void makeFolders(const std::string& dir) {
    if (dir.empty() || dir == "." || dir == "/") return;
    struct stat st {};
    if (::stat(dir.c_str(), &st) == 0) return;
    makeFolders(folderOf(dir));
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
        throw StoreError(StoreError::Kind::Unusable, "cannot create the folder " + dir + ": " + std::strerror(errno));
}

bool writeAll(int fd, const std::string& text) {
    size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<size_t>(n);
    }
    return true;
}

}  // namespace

CredentialStore CredentialStore::forUser() {
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    std::string base;
    if (xdg && *xdg == '/') base = xdg;  // the XDG spec: a relative value is ignored
    else {
        const char* home = std::getenv("HOME");
        if (!home || !*home)
            throw StoreError(StoreError::Kind::Unusable,
                             "neither XDG_CONFIG_HOME nor HOME is set: no place for the credential store");
        base = std::string(home) + "/.config";
    }
    return CredentialStore(base + "/mailblock/credentials.json");
}

StoreContents CredentialStore::load() const {
    int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == ENOENT) return {};
        throw StoreError(StoreError::Kind::Unusable,
                         "cannot open the credential store " + path_ + ": " + std::strerror(errno));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw StoreError(StoreError::Kind::Unusable, "the credential store " + path_ + " is not a regular file");
    }
    if ((st.st_mode & 077) != 0) {
        ::close(fd);
        throw StoreError(
            StoreError::Kind::NotPrivate,
            fmt::format(
                "the credential store {} is open to other users (mode {:03o}): it holds refresh tokens and passwords. "
                "Run: chmod 600 {} (and sign in again if others may have read it)",
                path_, static_cast<unsigned>(st.st_mode & 0777), path_));
    }
    if (st.st_uid != ::geteuid()) {
        ::close(fd);
        throw StoreError(StoreError::Kind::Unusable, "the credential store " + path_ + " belongs to another user");
    }
    std::string text;
    char buffer[8192];
    ssize_t n;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0) {
        text.append(buffer, static_cast<size_t>(n));
        if (text.size() > kMaxStoreBytes) {
            ::close(fd);
            throw StoreError(StoreError::Kind::Unusable, "the credential store " + path_ + " is larger than 1 MB");
        }
    }
    ::close(fd);
    if (n < 0)
        throw StoreError(StoreError::Kind::Unusable,
                         "cannot read the credential store " + path_ + ": " + std::strerror(errno));
    try {
        return parseStore(text);
    } catch (const std::exception& e) {
        throw StoreError(StoreError::Kind::Damaged, "the credential store " + path_ + " is damaged (" + e.what() +
                                                        "); remove it, then sign in and add the connections again");
    }
}

void CredentialStore::save(const StoreContents& all) const {
    makeFolders(folderOf(path_));
    std::string tmp = path_ + ".tmp-" + std::to_string(::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) throw StoreError(StoreError::Kind::Unusable, "cannot write " + tmp + ": " + std::strerror(errno));
    bool ok = ::fchmod(fd, 0600) == 0 && writeAll(fd, writeStore(all)) && ::fsync(fd) == 0;
    int saved = errno;
    ok = ::close(fd) == 0 && ok;
    if (!ok || ::rename(tmp.c_str(), path_.c_str()) != 0) {
        if (ok) saved = errno;
        ::unlink(tmp.c_str());
        throw StoreError(StoreError::Kind::Unusable,
                         "cannot write the credential store " + path_ + ": " + std::strerror(saved));
    }
}

StoreLock::StoreLock(const CredentialStore& store) {
    makeFolders(folderOf(store.path()));
    std::string lock = store.path() + ".lock";
    fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd_ < 0)
        throw StoreError(StoreError::Kind::Unusable, "cannot open the lock file " + lock + ": " + std::strerror(errno));
    while (::flock(fd_, LOCK_EX) != 0) {
        if (errno == EINTR) continue;
        int saved = errno;
        ::close(fd_);
        throw StoreError(StoreError::Kind::Unusable, "cannot lock " + lock + ": " + std::strerror(saved));
    }
}

StoreLock::~StoreLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

std::string checkCredentialName(const std::string& name) {
    if (name.empty() || name.size() > 64) return "a name has 1 to 64 characters";
    for (char c : name)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return "a name has only letters, digits, '.', '_' and '-'";
    return {};
}

}  // namespace mailblock::common::oauth
