#include "common/oauth/token_client.hpp"

#include "mailblock/sdk/ascii.hpp"
#include "mailblock/sdk/json.hpp"

namespace mailblock::common::oauth {

namespace {

using sdk::Value;
using sdk::ValueType;

long number(const Value& v, const char* key, long fallback) {
    const Value* f = v.find(key);
    if (f && f->type() == ValueType::Number && f->asNumber() >= 0 && f->asNumber() < 1e9) return static_cast<long>(f->asNumber());
    // Some providers send numbers as strings ("3599").
    if (f && f->type() == ValueType::Text && !f->asText().empty() && f->asText().size() < 10 &&
        f->asText().find_first_not_of("0123456789") == std::string::npos)
        return std::stol(f->asText());
    return fallback;
}

Value parseObject(const HttpResponse& r, const char* what) {
    Value v;
    try {
        v = sdk::json::parse(r.body);
    } catch (const std::exception&) {
        throw OAuthError("malformed_answer", "the " + std::string(what) + " answered HTTP " + std::to_string(r.status) +
                                                 " with something that is not JSON (" + std::to_string(r.body.size()) +
                                                 " bytes)");
    }
    if (v.type() != ValueType::Dictionary)
        throw OAuthError("malformed_answer", "the " + std::string(what) + " answered JSON that is not an object");
    return v;
}

void throwIfError(const Value& v, const HttpResponse& r, const std::vector<std::string>& secrets, const char* what) {
    std::string error = v.textOf("error");
    if (!error.empty()) throw OAuthError(maskSecrets(error, secrets), maskSecrets(v.textOf("error_description"), secrets));
    if (r.status < 200 || r.status > 299)
        throw OAuthError("malformed_answer", "the " + std::string(what) + " answered HTTP " + std::to_string(r.status) +
                                                 " without an error code");
}

TokenSet post(const ClientInfo& c, FormFields fields, const std::vector<std::string>& secrets) {
    fields.emplace_back("client_id", c.client_id);
    if (!c.client_secret.empty()) fields.emplace_back("client_secret", c.client_secret);
    std::vector<std::string> all = secrets;
    all.push_back(c.client_secret);
    HttpResponse r;
    try {
        r = postForm(c.token_url, fields, c.timeout);
    } catch (const HttpError& e) {
        throw OAuthError("unreachable", maskSecrets(e.what(), all));
    }
    return parseTokenAnswer(r, all);
}

}  // namespace

std::string maskSecrets(std::string text, const std::vector<std::string>& secrets) {
    for (const auto& s : secrets) {
        if (s.empty()) continue;
        for (size_t at = text.find(s); at != std::string::npos; at = text.find(s, at + 3)) text.replace(at, s.size(), "***");
    }
    return text;
}

std::string joinScopes(const std::vector<std::string>& scopes) {
    std::string out;
    for (const auto& s : scopes) out += (out.empty() ? "" : " ") + s;
    return out;
}

TokenSet parseTokenAnswer(const HttpResponse& r, const std::vector<std::string>& secrets) {
    Value v = parseObject(r, "token endpoint");
    throwIfError(v, r, secrets, "token endpoint");
    TokenSet t;
    t.access_token = v.textOf("access_token");
    t.refresh_token = v.textOf("refresh_token");
    t.id_token = v.textOf("id_token");
    t.expires_in = number(v, "expires_in", 0);
    std::string type = sdk::ascii::lower(v.textOf("token_type"));
    if (t.access_token.empty()) throw OAuthError("malformed_answer", "the token endpoint's answer has no access_token");
    if (!type.empty() && type != "bearer")
        throw OAuthError("malformed_answer", "the token endpoint issued a \"" + type + "\" token, not a Bearer token");
    return t;
}

TokenSet exchangeCode(const ClientInfo& c, const std::string& code, const std::string& verifier,
                      const std::string& redirect_uri) {
    return post(c, {{"grant_type", "authorization_code"}, {"code", code}, {"code_verifier", verifier}, {"redirect_uri", redirect_uri}},
                {code, verifier});
}

TokenSet refreshTokens(const ClientInfo& c, const std::string& refresh_token) {
    return post(c, {{"grant_type", "refresh_token"}, {"refresh_token", refresh_token}}, {refresh_token});
}

TokenSet pollDeviceToken(const ClientInfo& c, const std::string& device_code) {
    return post(c, {{"grant_type", "urn:ietf:params:oauth:grant-type:device_code"}, {"device_code", device_code}}, {device_code});
}

DeviceAuthorization parseDeviceAnswer(const HttpResponse& r) {
    Value v = parseObject(r, "device authorization endpoint");
    throwIfError(v, r, {}, "device authorization endpoint");
    DeviceAuthorization d;
    d.device_code = v.textOf("device_code");
    d.user_code = v.textOf("user_code");
    d.verification_uri = v.textOf("verification_uri");
    if (d.verification_uri.empty()) d.verification_uri = v.textOf("verification_url");
    d.verification_uri_complete = v.textOf("verification_uri_complete");
    d.expires_in = number(v, "expires_in", 600);
    d.interval = number(v, "interval", 5);
    if (d.device_code.empty() || d.user_code.empty() || d.verification_uri.empty())
        throw OAuthError("malformed_answer", "the device authorization answer lacks device_code, user_code or verification_uri");
    return d;
}

DeviceAuthorization startDeviceAuthorization(const std::string& device_url, const ClientInfo& c,
                                             const std::vector<std::string>& scopes) {
    FormFields fields{{"client_id", c.client_id}, {"scope", joinScopes(scopes)}};
    if (!c.client_secret.empty()) fields.emplace_back("client_secret", c.client_secret);
    try {
        return parseDeviceAnswer(postForm(device_url, fields, c.timeout));
    } catch (const HttpError& e) {
        throw OAuthError("unreachable", maskSecrets(e.what(), {c.client_secret}));
    }
}

}  // namespace mailblock::common::oauth
