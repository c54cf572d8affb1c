// The little HTTP an OAuth2 client needs: a form POST and a GET with a bearer token. HTTPS with the
// certificate chain and host name verified; plain http only to a loopback address (127.0.0.1, ::1), for tests.
// Answers are bounded (kMaxResponseBytes). Errors never carry the request's fields (they hold secrets).
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace mailblock::common::oauth {

using FormFields = std::vector<std::pair<std::string, std::string>>;

constexpr size_t kMaxResponseBytes = size_t{256} * 1024;

struct HttpResponse {
    int status = 0;
    std::string body;
};

// The endpoint could not be reached, timed out, failed TLS, answered too much, or is not allowed (plain http
// to a non-loopback host). The text names the URL's host and what went wrong, never a field value.
struct HttpError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// application/x-www-form-urlencoded (RFC 6749 appendix B).
std::string formEncode(const FormFields& fields);
std::string percentEncode(const std::string& s);

// Throws HttpError when the URL is not https and not http to a loopback address.
void checkEndpointUrl(const std::string& url);

// Blocking; the whole exchange within `timeout`. Thread: any; no shared state besides Poco's SSL manager.
HttpResponse postForm(const std::string& url, const FormFields& fields, std::chrono::seconds timeout);
HttpResponse getWithBearer(const std::string& url, const std::string& token, std::chrono::seconds timeout);

}  // namespace mailblock::common::oauth
