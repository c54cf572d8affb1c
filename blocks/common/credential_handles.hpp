// Secrets one block passes to a later block of the same run scope (abi.h, "Run scopes") by handle: Send email's
// Sent message carries a handle, never the password or token, so a block linked to that output learns nothing
// it could use. The secrets stay in the plugin's memory, are never written anywhere, and are dropped when the
// run scope ends (those of scope 0, a host without scopes, at shutdown).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "mailblock/sdk/value.hpp"

namespace mailblock::common::credentials {

// What Send email signed in with (the login is the account's).
struct Held {
    std::string password;  // one of password and token is set
    std::string token;
    sdk::Value account;  // the account as Send email used it (server, port, security, login, imap, settings); no secret
};

// Keeps `held` for `run_scope` and returns its handle: 128 random bits in hex, meaningless in any other scope
// or process. Thread-safe.
std::string hold(uint64_t run_scope, Held held);

// The credential behind `handle`, when it was made in `run_scope` and that scope has not ended. Thread-safe.
std::optional<Held> find(uint64_t run_scope, const std::string& handle);

// Drops the credentials of one run scope / of every scope (at shutdown). Thread-safe, never throw.
void endScope(uint64_t run_scope) noexcept;
void clear() noexcept;

// How many credentials are held, all scopes together (the Debug log says it: it must not grow over a mailing).
size_t heldCount();

}  // namespace mailblock::common::credentials
