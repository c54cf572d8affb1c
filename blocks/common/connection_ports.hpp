// Ports every mail block that connects to a server shares (security, timeout, certificates, OAuth2 token):
// one definition, so titles, defaults and checks cannot drift between blocks.
#pragma once

#include "common/connection.hpp"
#include "common/security_mode.hpp"
#include "mailblock/sdk/context.hpp"
#include "mailblock/sdk/descriptor.hpp"

namespace mailblock::common {

namespace port {
inline const char* const kSecurity = "security";
inline const char* const kTimeout = "timeout";
inline const char* const kCaFile = "ca_file";
inline const char* const kAcceptUntrusted = "accept_untrusted_certificate";
inline const char* const kAccessToken = "access_token";
inline const char* const kOAuthCredential = "oauth_credential";
inline const char* const kAllowInsecureAuth = "allow_insecure_auth";
inline const char* const kDomain = "domain";
inline const char* const kAuthMethod = "auth_method";
inline const char* const kKeytab = "keytab";
}  // namespace port

// Auto / None / STARTTLS / SSL on connect, explained with the protocol's ports (common/security_mode.hpp).
sdk::Port securityPort(Protocol protocol);
sdk::Port timeoutPort();
sdk::Port caFilePort();
sdk::Port acceptUntrustedPort();
sdk::Port accessTokenPort();
// Credentials over an unencrypted connection: refused unless this is on.
sdk::Port allowInsecureAuthPort();
// The NAME of a credential stored by `rpa oauth login --save NAME` (blocks/common/oauth/block_token.hpp).
sdk::Port oauthCredentialPort();
// «Способ авторизации»: Auto, the SASL mechanisms, Windows (GSSAPI with a ticket, else NTLM).
sdk::Port authMethodPort();
// «Домен»: the Windows domain NTLM signs in to (reference 001).
sdk::Port domainPort();
// A Kerberos keytab by path: the login's key, for GSSAPI without kinit (common/keytab_ticket.hpp).
sdk::Port keytabPort();

// Reads timeout, CA file and "accept untrusted" into `e`.
void readTlsOptions(const sdk::Context& ctx, Endpoint& e);

}  // namespace mailblock::common
