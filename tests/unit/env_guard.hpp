// Sets an environment variable for one test and restores its old value (or its absence) when the test ends.
#pragma once

#include <cstdlib>
#include <optional>
#include <string>

struct EnvGuard {
    std::string key;
    std::optional<std::string> old;
    EnvGuard(const char* k, const std::string& value) : key(k) {
        if (const char* v = std::getenv(k)) old = v;
        setenv(k, value.c_str(), 1);
    }
    ~EnvGuard() { old ? setenv(key.c_str(), old->c_str(), 1) : unsetenv(key.c_str()); }
    EnvGuard(const EnvGuard&) = delete;
    EnvGuard& operator=(const EnvGuard&) = delete;
};
