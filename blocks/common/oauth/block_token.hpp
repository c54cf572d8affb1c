// What a mail block does with its "OAuth2 credential" port: the NAME becomes an access token (cached, or
// refreshed under the store's lock) and the account's address. Runs inside a block's run(); reads only the
// block's context, the user's credential store and the token endpoint. Never logs a token or secret.
#pragma once

#include <optional>
#include <string>

#include "mailblock/sdk/context.hpp"
#include "mailblock/sdk/error.hpp"

namespace mailblock::common::oauth {

struct BlockToken {
    std::string name;  // the credential's name
    std::string token;
    std::string account;
};

// nullopt when the port is empty. `refused`: the token the server just refused; a different one is returned
// (refreshed, unless another process already did). Throws sdk::BlockFailure: invalid_input (no such
// credential, a store open to others or damaged), authentication (invalid_grant: sign in again; the token
// endpoint unreachable, slow or answering nonsense), stage "oauth".
std::optional<BlockToken> blockToken(const sdk::Context& ctx, const std::string& refused = {});

// The token takes the place of the password (XOAUTH2); an empty login becomes the credential's account.
void useToken(const BlockToken& t, std::string& login, std::string& token);

// True for a failure that a fresh access token may cure: the server refused the token at AUTH.
bool tokenRefused(const sdk::BlockError& e);

// The server refused the renewed token too: the password advice of `e` (application passwords) does not apply,
// so its hint becomes what does (the mail scope, the account, client access, signing in again). Returns the failure.
sdk::BlockFailure refusedAfterRefresh(sdk::BlockError e, const BlockToken& t, const std::string& lang);

// The server refused a token given directly (the Access token port), which nothing can renew: the hint says that
// tokens expire and how to have one that renews itself, instead of the password advice.
sdk::BlockFailure givenTokenRefused(sdk::BlockError e, const std::string& lang);

}  // namespace mailblock::common::oauth
