#include "common/oauth/pkce.hpp"

#include <sys/random.h>

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>
#include <Poco/SHA2Engine.h>

#include <cerrno>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace mailblock::common::oauth {

std::string base64Url(const std::string& raw) {
    std::ostringstream out;
    Poco::Base64Encoder enc(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    enc.rdbuf()->setLineLength(0);
    enc << raw;
    enc.close();
    return out.str();
}

std::string unbase64Url(const std::string& text) {
    std::istringstream in(text);
    Poco::Base64Decoder dec(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    std::string out;
    try {
        char c;
        while (dec.get(c)) out += c;
    } catch (const Poco::Exception&) {
        return {};
    }
    return out;
}

std::string randomUrlSafe(size_t bytes) {
    std::vector<unsigned char> buffer(bytes);
    size_t done = 0;
    while (done < bytes) {
        ssize_t n = getrandom(buffer.data() + done, bytes - done, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw std::runtime_error("no random bytes from the kernel");
        done += static_cast<size_t>(n);
    }
    return base64Url(std::string(buffer.begin(), buffer.end()));
}

std::string makeCodeVerifier() { return randomUrlSafe(32); }

std::string codeChallengeS256(const std::string& verifier) {
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(verifier);
    const Poco::DigestEngine::Digest& d = sha.digest();
    return base64Url(std::string(d.begin(), d.end()));
}

}  // namespace mailblock::common::oauth
