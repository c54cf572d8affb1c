// The credential store's JSON text, both ways. Pure; unit-tested. Format (version 1):
// {"version": 1, "credentials": {"NAME": {"provider": ..., "client_id": ..., "client_secret": ..., "refresh_token": ...,
//   "account": ..., "scopes": [...], "token_url": ..., "revocation": {"url", "param", "token"} | absent,
//   "access_token": ..., "expires_at": UNIX_SECONDS}}}
#pragma once

#include <string>

#include "common/oauth/credential_store.hpp"

namespace mailblock::common::oauth {

constexpr size_t kMaxStoreBytes = size_t{1024} * 1024;

// Throws std::runtime_error (naming the field, never a value) when the text is not a version 1 store.
Credentials parseStore(const std::string& text);
std::string writeStore(const Credentials& all);

}  // namespace mailblock::common::oauth
