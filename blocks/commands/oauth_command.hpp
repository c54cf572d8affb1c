// `rpa oauth login|list|logout`: a person signs in once (authorization code + PKCE + loopback redirect, or the
// device flow) and the refresh token goes to the user's credential store under a NAME that diagrams give to
// the mail blocks' "OAuth2 credential" port. Needs no plugin. Prints no token or secret.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace mailblock::commands {

// args: what follows "oauth". Returns the exit code: 0 done, 1 the sign-in / store / revocation failed,
// 2 usage. Writes instructions and results to `out`, problems to `err`.
int oauthCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

extern const char* const kOAuthCommandUsage;  // the line for `rpa help`

}  // namespace mailblock::commands
