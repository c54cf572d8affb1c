#include "common/oauth/token_source.hpp"

#include "common/oauth/token_client.hpp"

namespace mailblock::common::oauth {

namespace {

bool usable(const Credential& c, const TokenRequest& r) {
    if (c.access_token.empty() || c.access_token == r.refused_token) return false;
    return c.expires_at - unixNow() >= r.min_validity.count();
}

AccessToken result(const Credential& c, bool refreshed) { return {c.access_token, c.account, c.provider, c.expires_at, refreshed}; }

const Credential& entry(const Credentials& all, const CredentialStore& store, const std::string& name) {
    auto it = all.find(name);
    if (it == all.end())
        throw StoreError(StoreError::Kind::NoSuchCredential,
                         "no OAuth2 credential \"" + name + "\" in " + store.path() +
                             ": sign in once with `rpa oauth login --provider ... --client-id ... --save " + name +
                             "`");
    return it->second;
}

}  // namespace

int64_t unixNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

AccessToken accessToken(const CredentialStore& store, const TokenRequest& request) {
    {
        StoreContents all = store.load();
        const Credential& c = entry(all.credentials, store, request.name);
        if (usable(c, request)) return result(c, false);
    }
    StoreLock lock(store);
    StoreContents all = store.load();  // again, under the lock: another process may have refreshed meanwhile
    Credential c = entry(all.credentials, store, request.name);
    if (usable(c, request)) return result(c, false);
    ClientInfo client{c.token_url, c.client_id, c.client_secret, request.timeout};
    int64_t asked = unixNow();
    TokenSet t = refreshTokens(client, c.refresh_token);
    c.access_token = t.access_token;
    c.expires_at = asked + (t.expires_in > 0 ? t.expires_in : 3600);
    if (!t.refresh_token.empty()) c.refresh_token = t.refresh_token;  // rotation: the old one is now spent
    all.credentials[request.name] = c;
    store.save(all);  // the named connections stay as they are
    return result(c, true);
}

}  // namespace mailblock::common::oauth
