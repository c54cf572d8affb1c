#include "save_to_sent/save_to_sent_block.hpp"

#include <fmt/format.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "common/autoconfig/block_setup.hpp"
#include "common/autoconfig/provider_presets.hpp"
#include "common/credential_handles.hpp"
#include "common/i18n.hpp"
#include "common/kerberos.hpp"
#include "common/named_connection_port.hpp"
#include "common/outcome.hpp"
#include "common/run_record.hpp"
#include "common/sign_in_errors.hpp"
#include "mailblock/sdk/utf8.hpp"
#include "save_to_sent/account_login.hpp"
#include "save_to_sent/descriptor.hpp"
#include "save_to_sent/errors.hpp"
#include "save_to_sent/imap/client.hpp"
#include "save_to_sent/imap/mutf7.hpp"
#include "save_to_sent/imap_date.hpp"
#include "save_to_sent/sent_account.hpp"
#include "save_to_sent/sent_folder.hpp"
#include "common/oauth/block_token.hpp"
#include "common/security_mode.hpp"

namespace mailblock::save_to_sent {

using common::tr;
using sdk::Value;
using sdk::ValueType;

namespace {

struct Request {
    std::string bytes, bytes_file, message_id, date;
    uint64_t size = 0;
    Value account;  // the account the message was sent through (sent_account.hpp)
    common::Endpoint endpoint;
    std::string login, password, token, folder, mode, domain, auth, keytab;
    bool seen = true;
    bool draft = false;  // «Сохранить в черновики»
    bool allow_insecure_auth = false;
};

[[noreturn]] void invalid(const std::string& message) {
    sdk::BlockError e;
    e.kind = "invalid_input";
    e.message = message;
    throw sdk::BlockFailure(e);
}

// The IMAP server when the Server port is empty: the one Send email's auto-setup found (account.imap), else the
// SMTP server's provider preset, else "smtp.X" -> "imap.X". Said in the Debug log.
std::optional<common::autoconfig::ServerSetting> derivedImap(const sdk::Context& ctx, const Value& account) {
    using common::autoconfig::ServerSetting;
    if (const Value* imap = account.find("imap"); imap && imap->type() == ValueType::Dictionary) {
        bool ok = false;
        const Value* port = imap->find("port");
        ServerSetting s{imap->textOf("server"), static_cast<uint16_t>(port && port->type() == ValueType::Number ? port->asNumber() : 993),
                        common::autoconfig::securityFromName(imap->textOf("security"), &ok)};
        ctx.debug(fmt::format("IMAP server from the settings Send email found: {}:{} ({})", s.host, s.port,
                              common::securityName(s.security)));
        return s;
    }
    std::string smtp = account.textOf("server");
    if (smtp.empty()) return std::nullopt;
    ImapGuess guess = imapServerFor(smtp);
    if (guess.preset)
        ctx.debug(fmt::format("IMAP server of {}'s preset: {}:{}", guess.preset->id, guess.setting.host, guess.setting.port));
    else
        ctx.debug(fmt::format("IMAP server derived from the SMTP server {}: {}", smtp, guess.setting.host));
    return guess.setting;
}

// An IMAP server that came from an unverified source (account.settings.verified false) gets the password
// only when it is in the address's domain, a known provider's, or Allow unverified settings is on.
void requireTrustedImap(const sdk::Context& ctx, const Value& account, const std::string& host, const std::string& login) {
    const Value* settings = account.find("settings");
    if (!settings || !account.find("imap")) return;
    common::autoconfig::FoundSettings f;
    f.source = settings->textOf("source");
    f.detail = settings->textOf("detail");
    const Value* verified = settings->find("verified");
    f.authenticated = verified && verified->type() == ValueType::Boolean && verified->asBool();
    common::autoconfig::requireTrustedDestination(ctx, f, host, login);
}

// The password or token Send email signed in with, which the plugin holds for this run scope: given only to an
// IMAP server of that same account. Otherwise a clear error naming the ports, and nothing is sent.
void useHeldSecret(const sdk::Context& ctx, const std::optional<common::credentials::Held>& held, Request& r) {
    const std::string lang = ctx.language();
    sdk::BlockError e;
    e.kind = "invalid_input";
    if (!held) {
        e.message = tr(lang, "«Отправленное письмо» (sent_message): пароль учётной записи, с которой письмо отправлено, уже "
                             "недоступен — он хранится только до конца запуска диаграммы, отправившего письмо.",
                       "Sent message (sent_message): the password of the account the message was sent with is no longer "
                       "available; it is kept only until the diagram run that sent the message ends.");
        e.hint = tr(lang, "Укажите пароль в порту «Пароль» (password) этого блока.",
                    "Give the password on this block's Password (password) port.");
        throw sdk::BlockFailure(e);
    }
    if (!imapServerOfAccount(r.account, r.endpoint.host)) {
        const std::string smtp = r.account.textOf("server");
        e.message = tr(lang, fmt::format("«Сервер IMAP» (server): {} не относится к учётной записи, с которой письмо отправлено "
                                         "(через {}), поэтому её пароль ему не передаётся.", r.endpoint.host, smtp),
                       fmt::format("IMAP server (server): {} is not a server of the account the message was sent with (through "
                                   "{}), so that account's password is not given to it.", r.endpoint.host, smtp));
        e.hint = tr(lang, "Оставьте «Сервер IMAP» пустым — он определится по учётной записи — или укажите для этого сервера "
                          "пароль в порту «Пароль» (password).",
                    "Leave IMAP server empty (it is derived from the account), or give this server its own password on "
                    "the Password (password) port.");
        throw sdk::BlockFailure(e);
    }
    r.password = held->password;
    r.token = held->token;
    ctx.debug(fmt::format("the {} the message was sent with, for {}: a server of the same account",
                          r.token.empty() ? "password" : "access token", r.endpoint.host));
}

// Inputs, with what was left empty taken from the account the message was sent with (said in the Debug log).
Request readRequest(const sdk::Context& ctx) {
    const std::string lang = ctx.language();
    Request r;
    Value msg = ctx.input(port::kMessage);
    if (msg.type() != ValueType::Object || (msg.textOf("bytes").empty() && msg.textOf("bytes_file").empty()) ||
        msg.textOf("message_id").empty())
        invalid(tr(lang, "«Отправленное письмо» (sent_message): нужен выход «Отправленное письмо» блока «Отправить письмо».",
                   "Sent message (sent_message): link the \"Sent message\" output of a Send email block."));
    r.bytes = msg.textOf("bytes");
    r.bytes_file = msg.textOf("bytes_file");
    r.size = r.bytes.size();
    if (const Value* size = msg.find("size"); size && size->type() == ValueType::Number && !r.bytes_file.empty())
        r.size = static_cast<uint64_t>(size->asNumber());
    r.message_id = msg.textOf("message_id");
    r.date = msg.textOf("date");
    Value account = msg.find("account") ? *msg.find("account") : Value::dictionary();
    // Send email's secret stays in the plugin; the account carries a handle to it ("credential"). What the plugin
    // holds with it is the account Send email really used, whatever a block in between made of the message.
    const std::string handle = account.textOf("credential");
    std::optional<common::credentials::Held> held;
    if (!handle.empty() && (held = common::credentials::find(ctx.runScope(), handle))) account = held->account;
    r.account = account;

    r.endpoint.host = ctx.text(port::kServer);
    std::optional<common::autoconfig::ServerSetting> derived = r.endpoint.host.empty() ? derivedImap(ctx, account) : std::nullopt;
    if (derived) r.endpoint.host = derived->host;
    r.login = sdk::utf8::trimmed(ctx.text(port::kLogin));  // as copied from a spreadsheet, spaces and all
    if (r.login.empty()) {
        r.login = accountLogin(account);
        if (!r.login.empty()) ctx.debug(fmt::format("login taken from the sent message: {}", r.login));
    }
    r.password = ctx.text(port::kPassword);
    r.token = ctx.text(port::kAccessToken);
    // The OAuth2 credential port: a cached or refreshed access token and, when the login is empty, the account.
    if (auto oauth = common::oauth::blockToken(ctx)) common::oauth::useToken(*oauth, r.login, r.token);
    if (r.password.empty() && r.token.empty() && isAccountLogin(account, r.login) && !handle.empty() &&
        !r.endpoint.host.empty())
        useHeldSecret(ctx, held, r);
    r.domain = sdk::utf8::trimmed(ctx.text(common::port::kDomain));
    r.keytab = ctx.text(common::port::kKeytab);
    r.auth = ctx.text(common::port::kAuthMethod).empty() ? "Auto" : ctx.text(common::port::kAuthMethod);
    // No password to give: a ticket mechanism, or Auto and Windows with the login's own Kerberos ticket.
    // (Asked only when there is no password: it reads the Kerberos configuration and credential cache.)
    auto ticket_only = [&] {
        return r.auth == "GSSAPI" || r.auth == "ANONYMOUS" ||
               ((r.auth == "Auto" || r.auth == "Windows") && (!r.keytab.empty() || common::kerberos::holdsTicketFor(r.login)));
    };
    if (r.endpoint.host.empty() || r.login.empty() || (r.password.empty() && r.token.empty() && !ticket_only()))
        invalid(tr(lang, "Не хватает данных входа IMAP: укажите сервер, логин и пароль.",
                   "IMAP sign-in data is missing: give the server, login and password."));
    std::optional<uint16_t> port;
    if (auto n = ctx.number(port::kPort)) port = static_cast<uint16_t>(*n);
    common::ModeAndPort mode =
        common::resolveSecurity(common::Protocol::Imap, ctx.text(port::kSecurity), ctx.boolean(port::kSsl, true), port);
    r.endpoint.port = mode.port;
    r.endpoint.security = mode.security;
    if (derived && derived->port != 0 && !port && (ctx.text(port::kSecurity).empty() || ctx.text(port::kSecurity) == "Auto")) {
        r.endpoint.port = derived->port;
        r.endpoint.security = derived->security;
    }
    if (derived && (!r.password.empty() || !r.token.empty())) requireTrustedImap(ctx, account, r.endpoint.host, r.login);
    common::readTlsOptions(ctx, r.endpoint);
    r.folder = ctx.text(port::kFolder);
    r.mode = ctx.text(port::kAppendMode);
    r.seen = ctx.boolean(port::kMarkAsRead, true);
    r.draft = ctx.boolean(port::kAsDraft, false);
    r.allow_insecure_auth = ctx.boolean(common::port::kAllowInsecureAuth, false);
    return r;
}

void outputs(const sdk::Context& ctx, const std::string& folder, std::optional<uint32_t> uid, const std::string& outcome) {
    ctx.output(port::kFolderUsed, Value::text(folder));
    ctx.output(port::kUid, uid ? Value::number(*uid) : Value());
    ctx.output(port::kOutcome, Value::text(outcome));
}

// Signs in with the Authentication port's mechanism; the SASL library's failures (no Kerberos ticket, ...) and a
// refused Windows sign-in are told in a Windows admin's words.
void signIn(const sdk::Context& ctx, imap::Client& client, const Request& r) {
    common::sasl::Identity who{r.login, r.password, r.domain, "imap", r.endpoint.host};
    // A keytab's ticket, in a private cache, for as long as this sign-in lasts (common/keytab_ticket.hpp).
    std::optional<common::kerberos::KeytabTicket> keytab;
    try {
        if (!r.keytab.empty()) keytab.emplace(r.keytab, r.login);
    } catch (const common::kerberos::KeytabError& e) {
        throw sdk::BlockFailure(signInFailed(common::keytabFailure(e, ctx.language())));
    }
    if (keytab) ctx.debug(fmt::format("Kerberos ticket of {} from the keytab {}", keytab->principal(), r.keytab));
    try {
        client.signIn(r.auth, who);
    } catch (const common::sasl::LibraryError& e) {
        throw sdk::BlockFailure(signInFailed(common::libraryFailure(e, "imap", r.endpoint.host, ctx.language())));
    } catch (const imap::NoSaslMechanism& e) {
        throw sdk::BlockFailure(signInFailed(common::mechanismNotOffered(e.mechanism, e.offered, ctx.language())));
    } catch (const imap::CommandFailed& e) {
        auto words = common::windowsRefusal(client.mechanism(), r.login, r.domain, ctx.language());
        if (words.message.empty()) throw;
        throw sdk::BlockFailure(signInFailed(words, e.status.text));
    }
}

// Stores the copy; returns the log's outcome: "ok" (stored) or "already_there".
std::string store(const sdk::Context& ctx, const Request& r) {
    imap::Client client(r.endpoint, ctx.detailedEnabled() ? imap::Trace([&](const std::string& l) { ctx.detailed(l); }) : nullptr);
    client.open();
    const bool ticket_only = r.auth == "GSSAPI" || r.auth == "ANONYMOUS";
    if (!client.encrypted() && !r.allow_insecure_auth && !ticket_only)
        throw sdk::BlockFailure(insecureAuthRefused(ctx.language()));
    if (!r.token.empty()) client.loginWithToken(r.login, r.token);
    else signIn(ctx, client, r);
    std::vector<imap::Mailbox> boxes = client.listMailboxes();
    std::optional<imap::Mailbox> folder = !r.folder.empty() ? findFolder(boxes, r.folder)
                                          : r.draft         ? findDraftsFolder(boxes)
                                                            : findSentFolder(boxes);
    if (!folder) throw sdk::BlockFailure(folderNotFound(r.folder.empty() && r.draft ? "Drafts" : r.folder, ctx.language()));
    ctx.debug(fmt::format("IMAP {}:{} ({}), folder \"{}\"", r.endpoint.host, r.endpoint.port,
                          common::securityName(r.endpoint.security), folder->name));
    // Running the block twice must store one copy: look for the Message-ID first.
    std::vector<uint32_t> existing = client.findMessageId(folder->wire, r.message_id);
    if (!existing.empty()) {
        ctx.debug(fmt::format("message <{}> is already in \"{}\" (UID {}): not stored again", r.message_id, folder->name, existing.front()));
        outputs(ctx, folder->name, existing.front(), "already_there");
        client.logout();
        return "already_there";
    }
    std::vector<std::string> flags;
    if (r.seen) flags.push_back("\\Seen");
    if (r.draft) flags.push_back("\\Draft");
    std::unique_ptr<std::istream> source;
    if (r.bytes_file.empty()) source = std::make_unique<std::istringstream>(r.bytes);
    else source = std::make_unique<std::ifstream>(r.bytes_file, std::ios::binary);
    if (!*source) throw std::runtime_error("the sent message's file " + r.bytes_file + " cannot be read");
    imap::AppendResult appended = client.append(folder->wire, flags, imapInternalDate(r.date), *source, r.size);
    ctx.debug(fmt::format("stored <{}> in \"{}\"{}", r.message_id, folder->name,
                          appended.uid ? fmt::format(", UID {}", *appended.uid) : std::string()));
    outputs(ctx, folder->name, appended.uid, "stored");
    client.logout();
    return "ok";
}

// The run as the log sees it: what it learns goes into `line`; returns the log's outcome.
std::string saveRecorded(sdk::Context& ctx, common::SendLogLine& line) {
    Request r = readRequest(ctx);
    line.server = fmt::format("{}:{}", r.endpoint.host, r.endpoint.port);
    line.message_id = r.message_id;
    if (r.mode == "Never") {
        ctx.debug("Store a copy is Never: nothing stored");
        outputs(ctx, "", std::nullopt, "skipped");
        return "skipped";
    }
    if (r.mode != "Always" && !r.draft && serverFiledOwnCopy(r.account, r.endpoint.host, r.login)) {
        ctx.debug(fmt::format("{} files a copy of every message sent through it in this mailbox itself: not storing another "
                              "(set Store a copy to Always to force it)", r.account.textOf("server")));
        outputs(ctx, "", std::nullopt, "skipped");
        return "skipped";
    }
    try {
        return store(ctx, r);
    } catch (const sdk::BlockFailure&) {
        throw;
    } catch (const std::exception& e) {
        sdk::BlockError error = saveError(e, r.endpoint, ctx.language());
        // The server refused the OAuth2 access token: exactly one refresh and one more attempt.
        if (!common::oauth::tokenRefused(error)) throw sdk::BlockFailure(error);
        if (ctx.text(common::port::kOAuthCredential).empty()) {
            if (r.token.empty()) throw sdk::BlockFailure(error);  // a password: its own advice stands
            throw common::oauth::givenTokenRefused(error, ctx.language());
        }
        ctx.debug("the IMAP server refused the OAuth2 access token: refreshing it once and trying again");
        const auto renewed = common::oauth::blockToken(ctx, r.token);
        r.token = renewed->token;
        try {
            return store(ctx, r);
        } catch (const sdk::BlockFailure&) {
            throw;
        } catch (const std::exception& again) {
            sdk::BlockError error = saveError(again, r.endpoint, ctx.language());
            if (!common::oauth::tokenRefused(error)) throw sdk::BlockFailure(error);
            throw common::oauth::refusedAfterRefresh(error, *renewed, ctx.language());
        }
    }
}

}  // namespace

void run(sdk::Context& ctx) {
    static const sdk::BlockDescriptor descriptor = describe();
    common::useNamedConnection(ctx, descriptor, common::ConnectionSide::Imap, common::fate::kCopyNotSaved);
    common::runRecorded(ctx, common::fate::kCopyNotSaved, true, [&](common::SendLogLine& line) { return saveRecorded(ctx, line); });
}

}  // namespace mailblock::save_to_sent
