// A person signs in once: the authorization-code flow with PKCE (S256) and a loopback redirect (RFC 8252),
// or the device flow (RFC 8628); then the account's address is found and a Credential is ready to store.
// Blocking (waits for the person, up to the timeout); prints only URLs and the user code, never a token.
#pragma once

#include <chrono>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "common/oauth/credential_store.hpp"
#include "common/oauth/providers.hpp"
#include "common/oauth/token_client.hpp"

namespace mailblock::common::oauth {

struct SignInOptions {
    Provider provider;  // endpoints already final (custom options or MAILBLOCK_OAUTH_ENDPOINT_BASE applied)
    std::string client_id;
    std::string client_secret;
    std::vector<std::string> scopes;  // empty: the provider's SMTP + IMAP + account scopes
    std::string account;              // the mailbox address; empty: from the id_token or userinfo
    bool device = false;
    std::chrono::seconds timeout{300};  // how long to wait for the person
    std::ostream* out = nullptr;        // instructions (URL, user code)
    // Opens the URL in a browser; empty: print only. The CLI passes one only when a browser is available.
    std::function<void(const std::string&)> open_browser;
};

// The authorization request URL (RFC 6749 4.1.1 + RFC 7636 4.3). Pure; unit-tested.
std::string authorizationUrl(const SignInOptions& o, const std::vector<std::string>& scopes, const std::string& redirect_uri,
                             const std::string& state, const std::string& challenge);

// Throws OAuthError, RedirectError or std::runtime_error (no account address found: give --account).
Credential signIn(const SignInOptions& o);

// The claim of an id_token's payload (not verified: it came straight from the token endpoint over TLS,
// OpenID Connect Core 3.1.3.7), or "".
std::string idTokenClaim(const std::string& id_token, const std::string& claim);

// Revokes the credential's token where it has a revocation endpoint (RFC 7009). Returns false when there is
// none; throws OAuthError when the endpoint refuses or cannot be reached.
bool revoke(const Credential& c, std::chrono::seconds timeout);

}  // namespace mailblock::common::oauth
