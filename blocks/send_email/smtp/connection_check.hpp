// "Check the connection" (reference: «Проверить соединение», «Проверить настройки»): connect, TLS, greeting,
// EHLO, AUTH, each stage timed; the server's capabilities; and when a stage fails, which of the usual
// alternatives (587 STARTTLS, 465 SSL on connect, 25) would work instead. Sends no message.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mailblock/sdk/error.hpp"
#include "mailblock/sdk/value.hpp"
#include "send_email/smtp/transport.hpp"

namespace mailblock::send_email::smtp {

struct StageResult {
    std::string stage;
    bool ok = false;
    long long milliseconds = 0;
    std::string detail;
};

struct Alternative {
    uint16_t port = 0;
    common::Security security = common::Security::None;
    bool works = false;
    std::string detail;  // the failure's kind when it does not work
};

struct CheckReport {
    bool ok = false;
    std::vector<StageResult> stages;
    Capabilities capabilities;
    std::optional<sdk::BlockError> error;
    std::vector<Alternative> alternatives;  // tried only when connecting or TLS failed
};

CheckReport checkConnection(const TransportSettings& s, const Hooks& hooks);

// The report as the block's `check_report` output.
sdk::Value reportValue(const CheckReport& r, const TransportSettings& s);
// One line per stage and alternative, for logs and `rpa check-smtp`.
std::string reportText(const CheckReport& r, const TransportSettings& s, const std::string& lang);

}  // namespace mailblock::send_email::smtp
