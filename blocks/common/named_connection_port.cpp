#include "common/named_connection_port.hpp"

#include <fmt/format.h>

#include "common/i18n.hpp"
#include "common/oauth/credential_store.hpp"
#include "common/outcome.hpp"
#include "mailblock/sdk/error.hpp"

namespace mailblock::common {

using sdk::Port;
using sdk::PortType;
using sdk::Value;

Port namedConnectionPort() {
    return Port::make(port::kConnection, {"Подключение", "Connection"}, {PortType::Text})
        .namesShared("connection")
        .describe({"Имя подключения, которое администратор сохранил командой `rpa connection add ИМЯ ...`: сервер, "
                   "порт, безопасность, способ входа, логин, пароль, домен, keytab, отправитель и файловый журнал берутся из "
                   "него, если в блоке они не заданы (заданное в блоке важнее; Auto — значение подключения). "
                   "Отключённое подключение (`rpa connection disable`) не отправляет ничего.",
                   "The name of a connection an administrator saved with `rpa connection add NAME ...`: server, "
                   "port, security, sign-in method, login, password, domain, keytab, sender and the file log come from it "
                   "wherever the block leaves them empty (what the block sets wins; Auto takes the connection's). A "
                   "disabled connection (`rpa connection disable`) sends nothing."});
}

namespace {

// One setting the connection may give: its port and its value on each side (empty text or 0: none).
struct Setting {
    const char* port;
    Value (*smtp)(const NamedConnection&);
    Value (*imap)(const NamedConnection&);
};

Value text(const std::string& s) { return s.empty() ? Value() : Value::text(s); }
Value number(uint16_t n) { return n == 0 ? Value() : Value::number(n); }

const Setting kSettings[] = {
    {"server", [](const NamedConnection& c) { return text(c.server); },
     [](const NamedConnection& c) { return text(c.imap_server); }},
    {"port", [](const NamedConnection& c) { return number(c.port); },
     [](const NamedConnection& c) { return number(c.imap_port); }},
    {"security", [](const NamedConnection& c) { return text(c.security); },
     [](const NamedConnection& c) { return text(c.imap_security); }},
    {"ca_file", [](const NamedConnection& c) { return text(c.ca_file); },
     [](const NamedConnection& c) { return text(c.ca_file); }},
    {"auth_method", [](const NamedConnection& c) { return text(c.auth); },
     [](const NamedConnection& c) { return text(c.auth); }},
    {"login", [](const NamedConnection& c) { return text(c.login); },
     [](const NamedConnection& c) { return text(c.login); }},
    {"domain", [](const NamedConnection& c) { return text(c.domain); },
     [](const NamedConnection& c) { return text(c.domain); }},
    {"keytab", [](const NamedConnection& c) { return text(c.keytab); },
     [](const NamedConnection& c) { return text(c.keytab); }},
    {"sender_email", [](const NamedConnection& c) { return text(c.sender); }, nullptr},
    {"sender_name", [](const NamedConnection& c) { return text(c.sender_name); }, nullptr},
    {"log_file", [](const NamedConnection& c) { return text(c.log_file); },
     [](const NamedConnection& c) { return text(c.log_file); }},
    {"log_mode", [](const NamedConnection& c) { return text(c.log_mode); },
     [](const NamedConnection& c) { return text(c.log_mode); }},
};

[[noreturn]] void refuse(const sdk::Context& ctx, const std::string& kind, const std::string& ru, const std::string& en,
                         const std::string& hint_ru, const std::string& hint_en, const std::string& fate) {
    const std::string lang = ctx.language();
    sdk::BlockError e;
    e.kind = kind;
    e.message = tr(lang, "«Подключение» (connection): " + ru, "Connection (connection): " + en);
    e.hint = tr(lang, hint_ru, hint_en);
    throw sdk::BlockFailure(fate::stated(e, fate, lang));
}

NamedConnection find(const sdk::Context& ctx, const std::string& name, const std::string& fate) {
    oauth::StoreContents store;
    std::string path;
    try {
        oauth::CredentialStore file = oauth::CredentialStore::forUser();
        path = file.path();
        store = file.load();
    } catch (const oauth::StoreError& e) {
        refuse(ctx, "connection_store", fmt::format("подключение «{}» не прочитать: {}", name, e.what()),
               fmt::format("cannot read connection \"{}\": {}", name, e.what()), "", "", fate);
    }
    auto it = store.connections.find(name);
    if (it == store.connections.end())
        refuse(ctx, "invalid_input", fmt::format("подключения «{}» нет в {}.", name, path),
               fmt::format("there is no connection \"{}\" in {}.", name, path),
               fmt::format("Проверьте имя (`rpa connection list`) или добавьте подключение: rpa connection add {} "
                           "--server ХОСТ --login ЛОГИН --password-env ПЕРЕМЕННАЯ",
                           name),
               fmt::format("Check the name (`rpa connection list`) or add the connection: rpa connection add {} "
                           "--server HOST --login LOGIN --password-env VARIABLE",
                           name),
               fate);
    if (it->second.disabled)
        refuse(ctx, "connection_disabled", fmt::format("подключение «{}» отключено, ничего не отправлено.", name),
               fmt::format("connection \"{}\" is disabled; nothing was sent.", name),
               fmt::format("Когда его можно снова использовать, включите его: rpa connection enable {}", name),
               fmt::format("When it may be used again, enable it: rpa connection enable {}", name), fate);
    return it->second;
}

// The block left the port empty: no value, or its default (Auto, Off).
bool leftEmpty(const sdk::Context& ctx, const sdk::Port& p) {
    const Value own = ctx.input(p.id.c_str());
    return own.isNull() || own == p.default_value;
}

}  // namespace

void useNamedConnection(sdk::Context& ctx, const sdk::BlockDescriptor& block, ConnectionSide side,
                        const std::string& fate) {
    const std::string name = ctx.text(port::kConnection);
    if (name.empty()) return;
    const NamedConnection c = find(ctx, name, fate);
    std::string taken;
    for (const Setting& s : kSettings) {
        const sdk::Port* p = block.input(s.port);
        auto get = side == ConnectionSide::Smtp ? s.smtp : s.imap;
        if (!p || !get || !leftEmpty(ctx, *p)) continue;
        Value v = get(c);
        if (v.isNull()) continue;
        ctx.supply(s.port, std::move(v));
        taken += (taken.empty() ? "" : ", ") + std::string(s.port);
    }
    // The password belongs to the connection's login: not for a login of the block's own, nor beside a token.
    const bool own_login = !ctx.text("login").empty() && ctx.text("login") != c.login;
    const bool own_secret =
        !ctx.text("password").empty() || !ctx.text("access_token").empty() || !ctx.text("oauth_credential").empty();
    if (!c.password.empty() && !own_login && !own_secret) {
        ctx.supply("password", Value::secret(c.password));
        taken += (taken.empty() ? "" : ", ") + std::string("password");
    }
    ctx.debug(fmt::format("connection \"{}\" gives: {}", name, taken.empty() ? "nothing the block left empty" : taken));
}

}  // namespace mailblock::common
