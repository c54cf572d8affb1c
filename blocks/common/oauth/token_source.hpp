// An access token for a stored credential: the cached one while it stays valid long enough, else a refresh
// under the store's lock (so two processes never both spend a rotated refresh token), stored atomically.
// Blocking; any thread; every call re-reads the store (another process may have refreshed).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "common/oauth/credential_store.hpp"

namespace mailblock::common::oauth {

struct TokenRequest {
    std::string name;
    std::chrono::seconds min_validity{60};  // a cached token must stay valid at least this long
    // The server refused this token: get a different one (refresh unless another process already did).
    std::string refused_token;
    std::chrono::seconds timeout{30};  // for the token endpoint
};

struct AccessToken {
    std::string token;
    std::string account;
    std::string provider;
    int64_t expires_at = 0;
    bool refreshed = false;  // false: the cached token (or one another process refreshed meanwhile)
};

// Throws StoreError (no such credential, store not private or damaged) or OAuthError (invalid_grant: the
// sign-in expired or was revoked; unreachable; malformed_answer).
AccessToken accessToken(const CredentialStore& store, const TokenRequest& request);

// Unix seconds now (the store's clock).
int64_t unixNow();

}  // namespace mailblock::common::oauth
