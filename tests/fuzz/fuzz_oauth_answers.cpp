// What an OAuth2 server or the credential store file may hold (blocks/common/oauth/): token endpoint answers,
// device authorization answers, the loopback redirect's query, and the store's JSON. The first byte picks the
// parser and, for answers, the HTTP status; the rest is the text. Checked: each parser throws only its own
// error type; a token endpoint's error text never holds the secrets the request carried (they are masked),
// even when the server echoes them back; a token answer that parses has an access token.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/oauth/loopback_listener.hpp"
#include "common/oauth/store_format.hpp"
#include "common/oauth/token_client.hpp"
#include "fuzz_support.hpp"

using namespace mailblock::common::oauth;

namespace {

// The request's secrets, as they could come back inside an answer (a server echoing the refresh token).
const std::vector<std::string> kSecrets = {"RT-fuzz-refresh-0123456789", "CS-fuzz-client-secret-987"};

void checkNoSecret(const std::string& text, const std::string& where) {
    for (const auto& s : kSecrets) FUZZ_CHECK(text.find(s) == std::string::npos, where + "\ntext: " + mailblock::fuzz::printable(text));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    mailblock::fuzz::FuzzInput in(data, size);
    uint8_t pick = in.byte();
    std::string text = in.rest();
    std::string where = "input: " + mailblock::fuzz::printable(text);
    HttpResponse response{(pick & 0x40) ? 400 : 200, text};
    switch (pick % 4) {
        case 0:
            try {
                TokenSet t = parseTokenAnswer(response, kSecrets);
                FUZZ_CHECK(!t.access_token.empty(), where);
                FUZZ_CHECK(t.expires_in >= 0, where);
            } catch (const OAuthError& e) {
                checkNoSecret(e.what(), where);
            }
            break;
        case 1:
            try {
                DeviceAuthorization d = parseDeviceAnswer(response);
                FUZZ_CHECK(!d.device_code.empty() && !d.user_code.empty(), where);
                FUZZ_CHECK(d.interval >= 0 && d.expires_in >= 0, where);
            } catch (const OAuthError&) {
            }
            break;
        case 2:
            queryParameters(text);  // any request target reaches the loopback listener: no crash, no exception
            break;
        default:
            try {
                parseStore(text);
            } catch (const std::runtime_error&) {
            }
    }
    return 0;
}
