#include "common/sasl.hpp"

#include "common/base64.hpp"

namespace mailblock::common::sasl {

std::string xoauth2(const std::string& login, const std::string& token) {
    return base64("user=" + login + "\x01" + "auth=Bearer " + token + "\x01\x01");
}

std::string oauthBearer(const std::string& login, const std::string& token, const std::string& host, uint16_t port) {
    std::string authzid;
    for (char c : login) {
        if (c == ',') authzid += "=2C";
        else if (c == '=') authzid += "=3D";
        else authzid += c;
    }
    return base64("n,a=" + authzid + ",\x01" + "host=" + host + "\x01" + "port=" + std::to_string(port) + "\x01" +
                  "auth=Bearer " + token + "\x01\x01");
}

std::string declineTokenChallenge(const std::string& mechanism) { return mechanism == "OAUTHBEARER" ? "AQ==" : ""; }

}  // namespace mailblock::common::sasl
