// The redirect target of a native app's sign-in (RFC 8252 7.3): an HTTP listener on 127.0.0.1 on a port the
// kernel picks, that waits for the browser's GET /?code=...&state=... and answers it with a short page.
// One object per sign-in; not thread-safe.
#pragma once

#include <Poco/Net/ServerSocket.h>

#include <chrono>
#include <map>
#include <stdexcept>
#include <string>

namespace mailblock::common::oauth {

struct RedirectError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class LoopbackListener {
public:
    LoopbackListener();  // bound and listening when it returns
    uint16_t port() const;
    std::string redirectUri() const;  // http://127.0.0.1:PORT/

    // Waits up to `timeout` for a request carrying `code` or `error`; requests without either (a favicon)
    // get 404 and the wait goes on. Returns the authorization code. Throws RedirectError on a timeout, an
    // error answer (access_denied, ...) or a state that is not `expected_state` (a forged redirect).
    std::string waitForCode(std::chrono::seconds timeout, const std::string& expected_state);

private:
    Poco::Net::ServerSocket socket_;
};

// The query parameters of a request target ("/?a=1&b=%20"), percent-decoded; "+" is a space. Pure.
std::map<std::string, std::string> queryParameters(const std::string& target);

}  // namespace mailblock::common::oauth
