#include "common/oauth/sign_in.hpp"

#include <thread>

#include "common/base64.hpp"
#include "common/oauth/http_client.hpp"
#include "common/oauth/loopback_listener.hpp"
#include "common/oauth/pkce.hpp"
#include "common/oauth/token_source.hpp"
#include "mailblock/sdk/json.hpp"

namespace mailblock::common::oauth {

namespace {

using sdk::Value;
using sdk::ValueType;

std::string field(const std::string& json, const std::string& name) {
    try {
        Value v = sdk::json::parse(json);
        const Value* f = v.find(name);
        return f && f->type() == ValueType::Text ? f->asText() : std::string();
    } catch (const std::exception&) {
        return {};
    }
}

TokenSet authorizationCode(const SignInOptions& o, const std::vector<std::string>& scopes) {
    LoopbackListener listener;
    std::string verifier = makeCodeVerifier();
    std::string state = randomUrlSafe(16);
    std::string url = authorizationUrl(o, scopes, listener.redirectUri(), state, codeChallengeS256(verifier));
    *o.out << "Open this address in a browser and sign in (waiting " << o.timeout.count() << " s for the answer on "
           << listener.redirectUri() << "):\n" << url << "\n" << std::flush;
    if (o.open_browser) o.open_browser(url);
    std::string code = listener.waitForCode(o.timeout, state);
    return exchangeCode({o.provider.token, o.client_id, o.client_secret, std::chrono::seconds(30)}, code, verifier,
                        listener.redirectUri());
}

TokenSet deviceFlow(const SignInOptions& o, const std::vector<std::string>& scopes) {
    if (o.provider.device.empty())
        throw OAuthError("unsupported", o.provider.name + " has no device flow for mail: sign in without --device");
    ClientInfo client{o.provider.token, o.client_id, o.client_secret, std::chrono::seconds(30)};
    DeviceAuthorization d = startDeviceAuthorization(o.provider.device, client, scopes);
    *o.out << "On any device, open " << d.verification_uri << " and enter the code " << d.user_code << "\n";
    if (!d.verification_uri_complete.empty()) *o.out << "(or open " << d.verification_uri_complete << ")\n";
    *o.out << std::flush;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(std::min<long>(d.expires_in, o.timeout.count()));
    long interval = std::max<long>(d.interval, 1);
    for (;;) {
        if (std::chrono::steady_clock::now() + std::chrono::seconds(interval) > deadline)
            throw OAuthError("expired_token", "the code " + d.user_code + " was not confirmed in time; run the sign-in again");
        std::this_thread::sleep_for(std::chrono::seconds(interval));
        try {
            return pollDeviceToken(client, d.device_code);
        } catch (const OAuthError& e) {
            if (e.code == "authorization_pending") continue;
            if (e.code == "slow_down") {
                interval += 5;  // RFC 8628 3.5: add 5 seconds to this and all later polls
                continue;
            }
            throw;
        }
    }
}

std::string accountOf(const SignInOptions& o, const TokenSet& t) {
    if (!o.account.empty()) return o.account;
    const UsernameRule& rule = o.provider.username;
    std::string found;
    if (rule.from == "id_token") found = idTokenClaim(t.id_token, rule.claim);
    else if (rule.from == "userinfo" && !rule.url.empty()) {
        try {
            HttpResponse r = getWithBearer(rule.url, t.access_token, std::chrono::seconds(30));
            if (r.status == 200) found = field(r.body, rule.field);
        } catch (const HttpError&) {
        }
    }
    if (found.empty() || found.find('@') == std::string::npos)
        throw std::runtime_error("signed in, but the account's address could not be found: run again with --account ADDRESS");
    return found;
}

}  // namespace

std::string authorizationUrl(const SignInOptions& o, const std::vector<std::string>& scopes, const std::string& redirect_uri,
                             const std::string& state, const std::string& challenge) {
    FormFields q{{"response_type", "code"},  {"client_id", o.client_id},       {"redirect_uri", redirect_uri},
                 {"scope", joinScopes(scopes)}, {"state", state},             {"code_challenge", challenge},
                 {"code_challenge_method", "S256"}};
    for (const auto& p : o.provider.authorization_params) q.push_back(p);
    if (!o.account.empty()) q.emplace_back("login_hint", o.account);
    const std::string& base = o.provider.authorization;
    return base + (base.find('?') == std::string::npos ? "?" : "&") + formEncode(q);
}

std::string idTokenClaim(const std::string& id_token, const std::string& claim) {
    size_t a = id_token.find('.');
    size_t b = a == std::string::npos ? a : id_token.find('.', a + 1);
    if (b == std::string::npos) return {};
    return field(unbase64(id_token.substr(a + 1, b - a - 1), Base64Form::UrlNoPadding), claim);
}

Credential signIn(const SignInOptions& o) {
    checkEndpointUrl(o.provider.authorization);
    checkEndpointUrl(o.provider.token);
    std::vector<std::string> scopes = o.scopes.empty() ? o.provider.defaultScopes() : o.scopes;
    TokenSet t = o.device ? deviceFlow(o, scopes) : authorizationCode(o, scopes);
    if (t.refresh_token.empty())
        throw OAuthError("no_refresh_token", "the provider issued no refresh token, so the sign-in cannot renew itself "
                                             "(Microsoft needs the offline_access scope; Google needs access_type=offline)");
    Credential c;
    c.provider = o.provider.name;
    c.client_id = o.client_id;
    c.client_secret = o.client_secret;
    c.refresh_token = t.refresh_token;
    c.account = accountOf(o, t);
    c.scopes = scopes;
    c.token_url = o.provider.token;
    c.revocation = o.provider.revocation;
    c.access_token = t.access_token;
    c.expires_at = unixNow() + (t.expires_in > 0 ? t.expires_in : 3600);
    return c;
}

bool revoke(const Credential& c, std::chrono::seconds timeout) {
    if (!c.revocation || c.revocation->url.empty()) return false;
    const std::string& token = c.revocation->token == "access_token" ? c.access_token : c.refresh_token;
    FormFields fields{{c.revocation->param, token}, {"client_id", c.client_id}};
    if (c.revocation->param == "token") fields.emplace_back("token_type_hint", c.revocation->token);
    if (!c.client_secret.empty()) fields.emplace_back("client_secret", c.client_secret);
    std::vector<std::string> secrets{c.refresh_token, c.access_token, c.client_secret};
    HttpResponse r;
    try {
        r = postForm(c.revocation->url, fields, timeout);
    } catch (const HttpError& e) {
        throw OAuthError("unreachable", maskSecrets(e.what(), secrets));
    }
    // RFC 7009 2.2: 200 also for a token that was already invalid.
    if (r.status != 200) throw OAuthError("revocation_refused", "the revocation endpoint answered HTTP " + std::to_string(r.status));
    return true;
}

}  // namespace mailblock::common::oauth
