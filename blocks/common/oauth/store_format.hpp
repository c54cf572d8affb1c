// The credential store's JSON text, both ways. Pure; unit-tested. Format:
// {"version": 1, "credentials": {"NAME": {"provider": ..., "client_id": ..., "client_secret": ..., "refresh_token": ...,
//   "account": ..., "scopes": [...], "token_url": ..., "revocation": {"url", "param", "token"} | absent,
//   "access_token": ..., "expires_at": UNIX_SECONDS}}}
// Version 2 adds "connections": {"NAME": {named_connection.hpp's fields}}. A store without connections is written
// as version 1, so an older rpa keeps reading (and rewriting) it; one with connections is version 2, which an older
// rpa refuses rather than rewriting it without them. Both versions are read.
#pragma once

#include <string>

#include "common/oauth/credential_store.hpp"

namespace mailblock::common::oauth {

constexpr size_t kMaxStoreBytes = size_t{1024} * 1024;

// Throws std::runtime_error (naming the field, never a value) when the text is not a version 1 or 2 store.
StoreContents parseStore(const std::string& text);
std::string writeStore(const StoreContents& all);

}  // namespace mailblock::common::oauth
