// Send email with Server left empty: server, port, security and login found from the sender's address (or the
// login, when it is an address) by auto-setup (common/autoconfig), before anything is sent.
#pragma once

#include "mailblock/sdk/context.hpp"
#include "send_email/request.hpp"

namespace mailblock::send_email {

// Fills r.transport and r.found_settings when r.find_settings; throws sdk::BlockFailure when nothing is found or
// when the password would go to a server the settings' source cannot vouch for.
void applyAutoSettings(const sdk::Context& ctx, SendRequest& r);

// Check only / Find settings: the settings for the sender's address (or the login) into the Check report,
// nothing sent and no password used. Throws sdk::BlockFailure when nothing is found.
void findSettingsOnly(const sdk::Context& ctx, const SendRequest& r);

}  // namespace mailblock::send_email
