// PKCE (RFC 7636) and the other random values of a sign-in: a code verifier, its S256 challenge, a state.
#pragma once

#include <string>

namespace mailblock::common::oauth {

// `bytes` random bytes from the kernel (getrandom), base64url without padding. Throws on failure.
std::string randomUrlSafe(size_t bytes);

// 43 characters of [A-Za-z0-9-_] (32 random bytes): within RFC 7636's 43..128.
std::string makeCodeVerifier();

// BASE64URL(SHA256(verifier)) without padding (RFC 7636 4.2).
std::string codeChallengeS256(const std::string& verifier);

}  // namespace mailblock::common::oauth
