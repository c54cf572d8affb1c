#include "common/autoconfig/block_setup.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <exception>

#include "common/autoconfig/auto_setup.hpp"
#include "common/connection.hpp"
#include "common/i18n.hpp"
#include "mailblock/sdk/error.hpp"

namespace mailblock::common::autoconfig {

using sdk::Port;
using sdk::PortType;
using sdk::Value;

Port allowUnverifiedSettingsPort() {
    return Port::make(kAllowUnverifiedSettingsPort, {"Доверять найденным настройкам без проверки", "Allow unverified settings"},
                      {PortType::Boolean})
        .byDefault(Value::boolean(false))
        .describe({"Когда сервер не указан, настройки ищутся по адресу. Пароль уходит только на серверы домена адреса, "
                   "известных почтовых сервисов или из проверенного источника (HTTPS); серверы из DNS, HTTP или "
                   "догадки вне домена используются только при включённом флажке.",
                   "With Server empty, settings are found from the address. The password goes only to servers of "
                   "the address's domain, of known providers, or from a verified source (HTTPS); servers outside the "
                   "domain found through DNS, plain HTTP or a guess are used only when this is on."});
}

bool smtpAnswers(const ServerSetting& s, std::chrono::milliseconds timeout, const std::string& ca_file) {
    Endpoint e;
    e.host = s.host;
    e.port = s.port;
    e.security = s.security == Security::Implicit ? Security::Implicit : Security::None;
    e.timeout = std::max(std::chrono::seconds(1), std::chrono::duration_cast<std::chrono::seconds>(timeout));
    e.ca_file = ca_file;
    try {
        Poco::Net::StreamSocket socket = connect(e, e.security == Security::Implicit ? makeTlsContext(e) : nullptr);
        char greeting[4] = {};
        int got = 0;
        while (got < 4) {
            int n = socket.receiveBytes(greeting + got, 4 - got);
            if (n <= 0) return false;
            got += n;
        }
        socket.close();
        return std::string(greeting, 4) == "220 " || std::string(greeting, 4) == "220-";
    } catch (const std::exception&) {
        return false;
    }
}

FoundSettings findForBlock(const sdk::Context& ctx, const std::string& address, std::chrono::seconds timeout,
                           const std::string& ca_file) {
    AutoSetupOptions o;
    // Each step gets a share of the block's timeout, at most 5 s: a dead autoconfig host must not eat it all.
    o.step_timeout = std::min<std::chrono::milliseconds>(std::chrono::seconds(5), timeout / 4);
    o.ca_file = ca_file;
    o.confirm = [&](const ServerSetting& s) { return smtpAnswers(s, o.step_timeout, ca_file); };
    AutoSetupResult r = findMailSettings(address, o);
    for (const auto& line : r.trace) ctx.debug("auto-setup: " + line);
    if (r.found) return *r.found;
    const std::string lang = ctx.language();
    sdk::BlockError e;
    e.kind = "settings_not_found";
    e.stage = "auto_setup";
    std::string domain = domainOfAddress(address);
    e.message = tr(lang,
                   fmt::format("Сервер не указан, и настройки почты для «{}» не найдены (известные сервисы, "
                               "документ autoconfig, записи MX и SRV, серверы smtp./mail.{}).", address, domain),
                   fmt::format("Server is empty and no mail settings were found for \"{}\" (known providers, an "
                               "autoconfig document, MX and SRV records, servers smtp./mail.{}).", address, domain));
    e.hint = tr(lang, "Укажите сервер, порт и SSL: они есть на странице помощи вашего почтового сервиса.",
                "Fill in Server, Port and SSL: your mail provider's help pages list them.");
    throw sdk::BlockFailure(e);
}

void requireTrustedDestination(const sdk::Context& ctx, const FoundSettings& f, const std::string& host,
                               const std::string& address) {
    std::string problem = passwordDestinationProblem(f, host, address);
    if (problem.empty()) return;
    if (ctx.boolean(kAllowUnverifiedSettingsPort, false)) {
        ctx.warning("auto-setup: " + problem + "; used because Allow unverified settings is on");
        return;
    }
    const std::string lang = ctx.language();
    sdk::BlockError e;
    e.kind = "unverified_settings";
    e.stage = "auto_setup";
    e.message = tr(lang, fmt::format("Пароль не отправлен на {}: этот сервер не относится к домену адреса и не известен, "
                                     "а найден через {} ({}) — такой ответ мог подделать кто угодно в сети.",
                                     host, f.source, f.detail),
                   fmt::format("The password was not sent to {}: {}.", host, problem));
    e.hint = tr(lang, "Укажите сервер явно или, если доверяете этой сети, включите «Доверять найденным настройкам без проверки».",
                "Fill in Server yourself or, if you trust this network, turn on \"Allow unverified settings\".");
    throw sdk::BlockFailure(e);
}

Value settingsSourceValue(const FoundSettings& f) {
    Value v = Value::dictionary({{"source", Value::text(f.source)}, {"detail", Value::text(f.detail)},
                                 {"verified", Value::boolean(f.authenticated)}});
    if (f.provider) v.set("provider", Value::text(f.provider->id));
    return v;
}

namespace {

// The login a server takes, as a person reads it: the literal login, the address or its local part.
std::string loginText(const FoundSettings& f, const ServerSetting& s, const std::string& lang) {
    if (!f.username.empty()) return f.username;
    std::string address = f.address.empty() ? tr(lang, "адрес", "the address") : f.address;
    switch (s.login) {
        case LoginForm::LocalPart: return loginFor(s.login, f.address);
        case LoginForm::Address: return address;
        case LoginForm::Either: return tr(lang, address + ", иначе " + localPartOf(f.address), address + ", else " + localPartOf(f.address));
        case LoginForm::Unconfirmed: break;
    }
    return tr(lang, address + " (не подтверждено; при отказе — " + localPartOf(f.address) + ")",
              address + " (unconfirmed; on refusal " + localPartOf(f.address) + ")");
}

}  // namespace

std::string foundSettingsText(const FoundSettings& f, const std::string& lang) {
    std::string text = tr(lang, "найдено", "found") + fmt::format(": {} ({}{})", f.source, f.detail,
                                                                  f.authenticated ? "" : tr(lang, ", не проверено", ", unverified"));
    for (const auto& [name, list] : {std::pair{"SMTP", &f.smtp}, {"IMAP", &f.imap}})
        for (const auto& s : *list)
            text += fmt::format("\n  {} {}:{} ({}), {}{}\n    {}{}", name, s.host, s.port, securityName(s.security),
                                tr(lang, "логин ", "login "), loginText(f, s, lang), tr(lang, "источник: ", "source: "), s.source);
    if (f.provider) text += "\n  " + providerAdvice(*f.provider, lang);
    return text;
}

Value foundSettingsValue(const FoundSettings& f, const std::string& lang) {
    auto servers = [&](const std::vector<ServerSetting>& list) {
        std::vector<Value> out;
        out.reserve(list.size());
        for (const auto& s : list) {
            Value v = Value::dictionary({{"server", Value::text(s.host)}, {"port", Value::number(s.port)},
                                         {"security", Value::text(securityName(s.security))},
                                         {"login", Value::text(f.username.empty() ? loginFormName(s.login) : f.username)},
                                         {"source", Value::text(s.source)}});
            if (s.unconfirmed) v.set("unconfirmed", Value::boolean(true));
            out.push_back(v);
        }
        return Value::list(out);
    };
    Value v = settingsSourceValue(f);
    v.set("smtp", servers(f.smtp));
    v.set("imap", servers(f.imap));
    if (!f.username.empty()) v.set("username", Value::text(f.username));
    if (f.provider) {
        v.set("auth", [&] {
            std::vector<Value> auth;
            for (const auto& a : f.provider->auth) auth.push_back(Value::text(a));
            return Value::list(auth);
        }());
        v.set("advice", Value::text(providerAdvice(*f.provider, lang)));
        if (!f.provider->limits.in(lang).empty()) v.set("limits", Value::text(f.provider->limits.in(lang)));
    }
    return v;
}

}  // namespace mailblock::common::autoconfig
