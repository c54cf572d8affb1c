// The token payloads (XOAUTH2, OAUTHBEARER) that SMTP AUTH and IMAP AUTHENTICATE share and GNU SASL lacks (the
// password and ticket mechanisms are common/sasl_client's), base64-encoded as they go on the wire (pure
// functions, unit-tested against the RFC examples). They hold secrets: never trace them.
#pragma once

#include <cstdint>
#include <string>

namespace mailblock::common::sasl {

// Google's XOAUTH2: "user=LOGIN^Aauth=Bearer TOKEN^A^A".
std::string xoauth2(const std::string& login, const std::string& token);

// RFC 7628 OAUTHBEARER: the GS2 header with LOGIN as authzid (',' and '=' escaped as RFC 5801 asks), then the
// host and port the client connected to, and the token.
std::string oauthBearer(const std::string& login, const std::string& token, const std::string& host, uint16_t port);

// What the client sends back when a server refuses a token with an error challenge, so that the server can
// finish with its failure reply: an empty line for XOAUTH2, the dummy %x01 ("AQ==") for OAUTHBEARER (RFC 7628
// 3.2.3).
std::string declineTokenChallenge(const std::string& mechanism);

}  // namespace mailblock::common::sasl
