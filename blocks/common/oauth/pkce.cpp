#include "common/oauth/pkce.hpp"

#include <sys/random.h>

#include <Poco/SHA2Engine.h>

#include <cerrno>
#include <stdexcept>
#include <vector>

#include "common/base64.hpp"

namespace mailblock::common::oauth {

std::string randomUrlSafe(size_t bytes) {
    std::vector<unsigned char> buffer(bytes);
    size_t done = 0;
    while (done < bytes) {
        ssize_t n = getrandom(buffer.data() + done, bytes - done, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw std::runtime_error("no random bytes from the kernel");
        done += static_cast<size_t>(n);
    }
    return base64(std::string(buffer.begin(), buffer.end()), Base64Form::UrlNoPadding);
}

std::string makeCodeVerifier() { return randomUrlSafe(32); }

std::string codeChallengeS256(const std::string& verifier) {
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(verifier);
    const Poco::DigestEngine::Digest& d = sha.digest();
    return base64(std::string(d.begin(), d.end()), Base64Form::UrlNoPadding);
}

}  // namespace mailblock::common::oauth
