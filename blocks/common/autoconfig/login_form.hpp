// Which login a mail server takes for an address: the full address or its local part (the part before "@"), as a
// provider documents it. Where a provider takes either, or no source says, the full address goes first and the
// local part is tried once after a refusal (blocks/send_email/login_fallback.hpp).
#pragma once

#include <string>

namespace mailblock::common::autoconfig {

enum class LoginForm {
    Address,      // the full address, documented
    LocalPart,    // the local part only, documented (WEB.DE; iCloud's IMAP)
    Either,       // the provider documents both
    Unconfirmed,  // no source says (SRV records, a guess, an autoconfig document without a username)
};

// "address", "local_part", "either", "unconfirmed": the names data/providers.json and the reports use.
const char* loginFormName(LoginForm form);
// Sets *ok to whether `name` is one of the names above.
LoginForm loginFormFromName(const std::string& name, bool* ok);

// The login to try first for `address`: its local part for LocalPart, the full address otherwise.
std::string loginFor(LoginForm form, const std::string& address);
// Whether, after the first login was refused, the local part is worth one more try.
bool mayTryLocalPart(LoginForm form);
// "ivan" for "ivan@example.org"; empty when there is no "@" or nothing before it.
std::string localPartOf(const std::string& address);

}  // namespace mailblock::common::autoconfig
