#include "common/autoconfig/login_form.hpp"

namespace mailblock::common::autoconfig {

const char* loginFormName(LoginForm form) {
    switch (form) {
        case LoginForm::Address:
            return "address";
        case LoginForm::LocalPart:
            return "local_part";
        case LoginForm::Either:
            return "either";
        case LoginForm::Unconfirmed:
            break;
    }
    return "unconfirmed";
}

LoginForm loginFormFromName(const std::string& name, bool* ok) {
    *ok = true;
    for (LoginForm f : {LoginForm::Address, LoginForm::LocalPart, LoginForm::Either, LoginForm::Unconfirmed})
        if (name == loginFormName(f)) return f;
    *ok = false;
    return LoginForm::Unconfirmed;
}

std::string localPartOf(const std::string& address) {
    size_t at = address.rfind('@');
    return at == std::string::npos ? std::string() : address.substr(0, at);
}

std::string loginFor(LoginForm form, const std::string& address) {
    std::string local = localPartOf(address);
    return form == LoginForm::LocalPart && !local.empty() ? local : address;
}

bool mayTryLocalPart(LoginForm form) { return form == LoginForm::Either || form == LoginForm::Unconfirmed; }

}  // namespace mailblock::common::autoconfig
