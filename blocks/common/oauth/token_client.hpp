// The token endpoint (RFC 6749 section 4.1.3, 6; RFC 8628 section 3.4) and the device authorization endpoint
// (RFC 8628 section 3.1): requests, and their answers read strictly. Blocking; any thread.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/oauth/http_client.hpp"

namespace mailblock::common::oauth {

struct TokenSet {
    std::string access_token;
    std::string refresh_token;  // empty: the provider kept the old one (no rotation)
    std::string id_token;
    long expires_in = 0;  // seconds; 0: not said
};

// An error answer of the endpoint (RFC 6749 5.2: invalid_grant, ...; RFC 8628 3.5: authorization_pending,
// slow_down, access_denied, expired_token) or an unusable answer ("malformed_answer", "unreachable").
// The text never holds a secret: the server's description is shown with the request's secrets masked.
struct OAuthError : std::runtime_error {
    OAuthError(std::string code, const std::string& description)
        : std::runtime_error(description.empty() ? code : code + ": " + description), code(std::move(code)) {}
    std::string code;
};

struct ClientInfo {
    std::string token_url;
    std::string client_id;
    std::string client_secret;  // optional (public clients with PKCE have none)
    std::chrono::seconds timeout{30};
};

TokenSet exchangeCode(const ClientInfo& c, const std::string& code, const std::string& verifier,
                      const std::string& redirect_uri);
TokenSet refreshTokens(const ClientInfo& c, const std::string& refresh_token);
TokenSet pollDeviceToken(const ClientInfo& c, const std::string& device_code);

// Reads a token endpoint answer. `secrets` are masked in any text taken from it. Pure; unit-tested.
TokenSet parseTokenAnswer(const HttpResponse& r, const std::vector<std::string>& secrets);

struct DeviceAuthorization {
    std::string device_code;
    std::string user_code;
    std::string verification_uri;           // Google calls it verification_url
    std::string verification_uri_complete;  // optional
    long expires_in = 600;
    long interval = 5;  // RFC 8628 3.2: 5 when not given
};

DeviceAuthorization startDeviceAuthorization(const std::string& device_url, const ClientInfo& c,
                                             const std::vector<std::string>& scopes);
DeviceAuthorization parseDeviceAnswer(const HttpResponse& r);

// Replaces each non-empty secret in `text` by ***.
std::string maskSecrets(std::string text, const std::vector<std::string>& secrets);

// Space-separated, as the scope parameter wants them.
std::string joinScopes(const std::vector<std::string>& scopes);

}  // namespace mailblock::common::oauth
