#include "send_email/auto_settings.hpp"

#include <fmt/format.h>

#include "common/autoconfig/block_setup.hpp"
#include "send_email/descriptor.hpp"

namespace mailblock::send_email {

namespace {

std::string addressToLookUp(const SendRequest& r) {
    const std::string& login = r.transport.credentials.login;
    return login.find('@') != std::string::npos ? login : r.message.from.address;
}

}  // namespace

void findSettingsOnly(const sdk::Context& ctx, const SendRequest& r) {
    const auto& e = r.transport.endpoint;
    common::autoconfig::FoundSettings f = common::autoconfig::findForBlock(ctx, addressToLookUp(r), e.timeout, e.ca_file);
    ctx.output(port::kCheckReport, common::autoconfig::foundSettingsValue(f, ctx.language()));
    ctx.debug(common::autoconfig::foundSettingsText(f, ctx.language()));
}

void applyAutoSettings(const sdk::Context& ctx, SendRequest& r) {
    if (!r.find_settings) return;
    auto& t = r.transport;
    const std::string address = addressToLookUp(r);
    common::autoconfig::FoundSettings f = common::autoconfig::findForBlock(ctx, address, t.endpoint.timeout, t.endpoint.ca_file);
    const common::autoconfig::ServerSetting& smtp = f.smtp.front();  // the provider's first preference
    t.endpoint.host = smtp.host;
    t.endpoint.port = smtp.port;
    t.endpoint.security = smtp.security;
    const bool has_secret = !t.credentials.password.empty() || !t.credentials.token.empty();
    if (has_secret) {
        // The login the server takes: the local part for WEB.DE, the address where a source says so or none does
        // (login_fallback.hpp tries the local part after a refusal then).
        if (t.credentials.login.empty())
            t.credentials.login = f.username.empty() ? common::autoconfig::loginFor(smtp.login, address) : f.username;
        common::autoconfig::requireTrustedDestination(ctx, f, smtp.host, address);
    }
    ctx.debug(fmt::format("auto-setup: {}:{} ({}) from {} ({}){}", smtp.host, smtp.port, common::securityName(smtp.security),
                          f.source, f.detail, has_secret ? ", login " + t.credentials.login : std::string()));
    r.found_settings = std::move(f);
}

}  // namespace mailblock::send_email
