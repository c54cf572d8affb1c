// The OAuth2 provider table (data/oauth_providers.json, compiled in): endpoints, default scopes for SMTP and
// IMAP, and where the account's address (the XOAUTH2 user name) comes from. Pure data; no network.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mailblock::common::oauth {

struct Revocation {
    std::string url;
    std::string param = "token";        // the form field carrying the token (RFC 7009: "token")
    std::string token = "refresh_token";  // which token is revoked: refresh_token or access_token
};

struct UsernameRule {
    std::string from = "option";  // "id_token" (claim), "userinfo" (url + field) or "option" (--account only)
    std::string claim;
    std::string url;
    std::string field;
};

struct Provider {
    std::string name;  // gmail, microsoft, yandex, mailru, custom
    std::string title;
    std::string authorization, token, device;  // device empty: no device flow
    std::optional<Revocation> revocation;
    std::vector<std::string> smtp_scopes, imap_scopes, account_scopes;
    std::vector<std::pair<std::string, std::string>> authorization_params;  // extra query parameters
    UsernameRule username;

    // SMTP, IMAP and account scopes, each once, in that order.
    std::vector<std::string> defaultScopes() const;
};

// The environment variable that points every endpoint at a local test server (see applyEndpointBase).
inline const char* const kEndpointBaseVariable = "MAILBLOCK_OAUTH_ENDPOINT_BASE";

// A provider from the table with MAILBLOCK_OAUTH_ENDPOINT_BASE applied when it is set; nullopt if unknown.
// Throws std::runtime_error if the compiled-in table is broken (a test keeps it valid).
std::optional<Provider> findProvider(const std::string& name);
std::vector<std::string> providerNames();

// Replaces each non-empty endpoint by BASE/authorize, BASE/token, BASE/device, BASE/revoke, BASE/userinfo.
void applyEndpointBase(Provider& p, const std::string& base);

}  // namespace mailblock::common::oauth
