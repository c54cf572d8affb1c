#include "send_email/smtp/connection_check.hpp"

#include <fmt/format.h>

#include <chrono>

#include "common/i18n.hpp"
#include "send_email/smtp/session.hpp"

namespace mailblock::send_email::smtp {

using common::Security;
using common::tr;
using sdk::Value;

namespace {

// Opens and authenticates, then QUITs. Returns the failure, if any.
std::optional<sdk::BlockError> attempt(const TransportSettings& s, const Hooks& hooks, Capabilities* caps) {
    // A context of its own: a check reads the CA file as it is now, not as a pooled mailing first saw it.
    Session session(s, hooks, [&s] { return common::makeTlsContext(s.endpoint); });
    try {
        session.open();
        session.authenticate();
        if (caps) *caps = session.capabilities();
        session.quit();
        return std::nullopt;
    } catch (const sdk::BlockFailure& f) {
        if (caps) *caps = session.capabilities();
        return f.error();
    }
}

bool connectionStage(const std::string& stage) {
    return stage == "connect" || stage == "tls" || stage == "greeting" || stage == "ehlo";
}

}  // namespace

CheckReport checkConnection(const TransportSettings& s, const Hooks& hooks) {
    CheckReport report;
    Hooks observed = hooks;
    auto last = std::chrono::steady_clock::now();
    observed.stage = [&](const std::string& stage, long long ms, const std::string& detail) {
        report.stages.push_back({stage, true, ms, detail});
        last = std::chrono::steady_clock::now();
    };
    report.error = attempt(s, observed, &report.capabilities);
    report.ok = !report.error;
    if (report.ok) return report;
    long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - last).count();
    report.stages.push_back({report.error->stage, false, ms, report.error->message});
    if (!connectionStage(report.error->stage)) return report;

    const bool has_login = !s.credentials.login.empty();
    for (auto [port, security] : {std::pair<uint16_t, Security>{587, Security::StartTls}, {465, Security::Implicit}, {25, Security::None}}) {
        if (port == s.endpoint.port && security == s.endpoint.security) continue;
        if (security == Security::None && has_login && !s.allow_insecure_auth) continue;  // would expose the password
        TransportSettings alt = s;
        alt.endpoint.port = port;
        alt.endpoint.security = security;
        alt.endpoint.timeout = std::min(s.endpoint.timeout, std::chrono::seconds(5));
        Hooks quiet;
        quiet.lang = hooks.lang;
        std::optional<sdk::BlockError> failure = attempt(alt, quiet, nullptr);
        report.alternatives.push_back({port, security, !failure, failure ? failure->kind : std::string()});
    }
    return report;
}

Value reportValue(const CheckReport& r, const TransportSettings& s) {
    std::vector<Value> stages, alternatives, auth;
    for (const auto& st : r.stages)
        stages.push_back(Value::dictionary({{"stage", Value::text(st.stage)}, {"ok", Value::boolean(st.ok)},
                                            {"milliseconds", Value::number(static_cast<double>(st.milliseconds))},
                                            {"detail", Value::text(st.detail)}}));
    for (const auto& a : r.alternatives)
        alternatives.push_back(Value::dictionary({{"port", Value::number(a.port)},
                                                  {"security", Value::text(common::securityName(a.security))},
                                                  {"works", Value::boolean(a.works)}, {"detail", Value::text(a.detail)}}));
    for (const auto& m : r.capabilities.auth) auth.push_back(Value::text(m));
    const Capabilities& c = r.capabilities;
    Value caps = Value::dictionary({{"starttls", Value::boolean(c.starttls)}, {"pipelining", Value::boolean(c.pipelining)},
                                    {"8bitmime", Value::boolean(c.eight_bit_mime)}, {"smtputf8", Value::boolean(c.smtputf8)},
                                    {"size", c.size ? Value::number(static_cast<double>(*c.size)) : Value()},
                                    {"auth", Value::list(auth)}});
    return Value::object({{"ok", Value::boolean(r.ok)}, {"server", Value::text(s.endpoint.host)},
                          {"port", Value::number(s.endpoint.port)},
                          {"security", Value::text(common::securityName(s.endpoint.security))},
                          {"stages", Value::list(stages)}, {"capabilities", caps}, {"alternatives", Value::list(alternatives)}});
}

std::string reportText(const CheckReport& r, const TransportSettings& s, const std::string& lang) {
    std::string out = fmt::format("{}:{} ({})\n", s.endpoint.host, s.endpoint.port, common::securityName(s.endpoint.security));
    for (const auto& st : r.stages)
        out += fmt::format("  {} {:<9} {:>5} ms  {}\n", st.ok ? "ok  " : "FAIL", st.stage, st.milliseconds, st.detail);
    const Capabilities& c = r.capabilities;
    std::string auth;
    for (const auto& m : c.auth) auth += (auth.empty() ? "" : " ") + m;
    out += fmt::format("  {}: SIZE {}, AUTH {}, STARTTLS {}, PIPELINING {}, 8BITMIME {}, SMTPUTF8 {}\n",
                       tr(lang, "возможности сервера", "server capabilities"),
                       c.size ? std::to_string(*c.size) : "-", auth.empty() ? "-" : auth, c.starttls ? "+" : "-",
                       c.pipelining ? "+" : "-", c.eight_bit_mime ? "+" : "-", c.smtputf8 ? "+" : "-");
    for (const auto& a : r.alternatives)
        out += fmt::format("  {} {} {}: {}\n", tr(lang, "вариант", "alternative"), a.port, common::securityName(a.security),
                           a.works ? tr(lang, "работает", "works") : tr(lang, "не работает (", "does not work (") + a.detail + ")");
    return out;
}

}  // namespace mailblock::send_email::smtp
