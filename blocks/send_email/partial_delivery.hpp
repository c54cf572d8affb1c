// A delivery that reached only some recipients: what the block says about it. Every recipient without the
// message is named with its server's reply, and so are the ones that have it, so that nobody resends to them.
#pragma once

#include <optional>
#include <string>

#include "mailblock/sdk/error.hpp"
#include "send_email/smtp/transport.hpp"

namespace mailblock::send_email {

struct Verdict {
    bool partial = false;                  // some recipients have the message, some do not (the log says "partial")
    std::string refused;                   // "\n- address: reply" for each recipient refused for good
    std::optional<sdk::BlockError> error;  // the block fails with this (the error level decides what follows)
};

// Unknown or missing recipients always fail the block; recipients refused for good only with
// `fail_on_any_refusal` ("If any refused").
Verdict judge(const smtp::Delivery& d, bool fail_on_any_refusal, const std::string& lang);

}  // namespace mailblock::send_email
