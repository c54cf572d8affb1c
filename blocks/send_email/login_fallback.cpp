#include "send_email/login_fallback.hpp"

#include <fmt/format.h>

#include "common/autoconfig/login_form.hpp"
#include "mailblock/sdk/error.hpp"

namespace mailblock::send_email {

using common::autoconfig::LoginForm;

std::string localPartToTry(const SendRequest& r) {
    const auto& f = r.found_settings;
    const auto& c = r.transport.credentials;
    if (!f || f->smtp.empty() || !f->username.empty() || c.password.empty() || !c.token.empty()) return {};
    if (!common::autoconfig::mayTryLocalPart(f->smtp.front().login)) return {};
    return common::autoconfig::localPartOf(c.login);
}

void withLoginFallback(const sdk::Context& ctx, SendRequest& r, const std::function<void()>& attempt) {
    const std::string local = localPartToTry(r);
    const std::string first = r.transport.credentials.login;
    try {
        attempt();
    } catch (const sdk::BlockFailure& f) {
        const sdk::BlockError& e = f.error();
        if (local.empty() || e.stage != "auth" || e.code != 535) throw;
        ctx.debug(
            fmt::format("the server refused the login {} (535) and no source says which form it takes: trying the "
                        "local part {} once",
                        first, local));
        r.transport.credentials.login = local;
        attempt();
        ctx.debug(fmt::format("signed in with the local part {}: the Sent message's account records it", local));
        return;
    }
    if (!local.empty()) ctx.debug(fmt::format("signed in with the full address {}", first));
}

std::string imapLogin(const SendRequest& r) {
    const auto& f = r.found_settings;
    const std::string& login = r.transport.credentials.login;
    if (!f || f->imap.empty() || !f->username.empty()) return login;
    // Only a login auto-setup chose is replaced: one the user typed (neither form of the address) stays.
    const std::string local = common::autoconfig::localPartOf(f->address);
    if (login != f->address && login != local) return login;
    LoginForm form = f->imap.front().login;
    return form == LoginForm::Address || form == LoginForm::LocalPart ? common::autoconfig::loginFor(form, f->address)
                                                                      : login;
}

}  // namespace mailblock::send_email
