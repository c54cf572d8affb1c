#include "send_email/smtp/session.hpp"

#include <fmt/format.h>

#include <optional>
#include <sstream>

#include "common/i18n.hpp"
#include "common/sasl_client.hpp"
#include "common/sign_in_errors.hpp"

namespace mailblock::send_email::smtp {

using common::Security;
using common::tr;

Session::Session(TransportSettings s, Hooks h, TlsContextSource tls)
    : s_(std::move(s)), h_(std::move(h)), where_{&s_.endpoint, h_.lang}, tls_source_(std::move(tls)),
      deadline_(s_.endpoint.timeout, h_.cancelled) {}

const Poco::Net::Context::Ptr& Session::tls() {
    if (!tls_) tls_ = tls_source_();
    return tls_;
}

void Session::arm() {
    deadline_ = common::Deadline(s_.endpoint.timeout, h_.cancelled);
    if (dialog_) dialog_->channel().setDeadline(deadline_);
}

void Session::quit() {
    if (dialog_) dialog_->quit();
}

void Session::finished(Stage stage, const std::string& detail) {
    auto now = std::chrono::steady_clock::now();
    if (h_.stage) h_.stage(stageName(stage), std::chrono::duration_cast<std::chrono::milliseconds>(now - mark_).count(), detail);
    mark_ = now;
}

void Session::quitAfter(const sdk::BlockError& e) {
    if (dialog_ && e.code != 0) dialog_->quit();
}

void Session::rebind(const Hooks& h) {
    h_ = h;
    where_ = Where{&s_.endpoint, h_.lang};
    if (dialog_) dialog_->setTrace(h_.trace);
    arm();  // the cancellation is the new run's
}

bool Session::reset() {
    if (!dialog_) return false;
    if (clean_ && !open_transaction_ && dialog_->channel().quiet()) {
        unprobed_ = true;
        return true;
    }
    try {
        if (dialog_->command("RSET").code != 250) return false;
        open_transaction_ = false;
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

Reply Session::expect(Stage stage, Reply r) {
    if (!r.positive()) fail(replyError(stage, r, where_));
    return r;
}

void Session::open() {
    const auto& e = s_.endpoint;
    if (e.accept_untrusted && h_.warn)
        h_.warn(tr(h_.lang, "ВНИМАНИЕ: сертификат сервера не проверяется (accept_untrusted_certificate).",
                   "WARNING: the server's certificate is not verified (accept_untrusted_certificate)."));
    const bool implicit = e.security == Security::Implicit;
    Poco::Net::StreamSocket socket = guarded(implicit ? Stage::Tls : Stage::Connect,
                                             [&] { return common::connect(e, implicit ? tls() : nullptr, deadline_); });
    finished(implicit ? Stage::Tls : Stage::Connect);
    dialog_ = std::make_unique<Dialog>(socket, h_.trace, deadline_);
    Reply hello = expect(Stage::Greeting, guarded(Stage::Greeting, [&] { return dialog_->greeting(); }));
    finished(Stage::Greeting, hello.summary());
    name_ = ehloName(s_.ehlo_name, socket);
    encrypted_ = implicit;
    ehlo();
    // Auto: STARTTLS whenever offered; without it authenticate() refuses to send a login in plain text.
    const bool tls = common::wantsStartTls(e.security, caps_.starttls);
    if (tls) startTls();
    encrypted_ = implicit || tls;
}

void Session::ehlo() {
    Reply r = guarded(Stage::Ehlo, [&] { return dialog_->command("EHLO " + name_); });
    if (r.code == 500 || r.code == 502) return helo(r);
    caps_ = parseCapabilities(expect(Stage::Ehlo, r));
    finished(Stage::Ehlo, "EHLO " + name_);
}

void Session::helo(const Reply& refused) {
    // Without EHLO there are no extensions: no STARTTLS, no AUTH (and no SIZE, PIPELINING, SMTPUTF8).
    if (s_.endpoint.security == Security::StartTls && !encrypted_) fail(heloOnlyError(refused, true, where_));
    if (!s_.credentials.login.empty()) fail(heloOnlyError(refused, false, where_));
    expect(Stage::Ehlo, guarded(Stage::Ehlo, [&] { return dialog_->command("HELO " + name_); }));
    caps_ = Capabilities{};
    if (h_.note) h_.note("the server does not know EHLO: greeted with HELO, no extensions");
    finished(Stage::Ehlo, "HELO " + name_);
}

void Session::startTls() {
    if (!caps_.starttls)
        fail(localError("tls", Stage::Tls,
                        tr(h_.lang, "Сервер не предлагает STARTTLS, а защищённое соединение обязательно.",
                           "The server does not offer STARTTLS and encryption is required."),
                        tr(h_.lang, "Проверьте порт (587 — STARTTLS, 465 — SSL при подключении) или выберите SSL on connect.",
                           "Check the port (587 is STARTTLS, 465 is SSL on connect) or choose SSL on connect.")));
    expect(Stage::Tls, guarded(Stage::Tls, [&] { return dialog_->command("STARTTLS"); }));
    // TLS with the real host name (SNI, name check); whatever the server sent after its 220 is refused.
    guarded(Stage::Tls, [&] {
        dialog_->channel().upgrade([&](const Poco::Net::StreamSocket& plain) {
            return common::startTls(plain, s_.endpoint, tls(), deadline_);
        });
        return 0;
    });
    encrypted_ = true;
    finished(Stage::Tls, "STARTTLS");
    ehlo();
}

void Session::authenticate() {
    const Credentials& c = s_.credentials;
    if (c.login.empty() && !needsNoPassword(s_.auth)) return;
    if (!encrypted_ && !s_.allow_insecure_auth && !needsNoPassword(s_.auth))
        fail(localError("insecure_auth", Stage::Auth,
                        tr(h_.lang, "Логин и пароль не отправлены: соединение не зашифровано.",
                           "The login and password were not sent: the connection is not encrypted."),
                        tr(h_.lang, "Включите SSL (STARTTLS или SSL при подключении) или, только для доверенной сети, "
                                    "«Разрешить пароль без шифрования».",
                           "Turn on SSL (STARTTLS or SSL on connect) or, for a trusted network only, "
                           "\"Allow credentials without encryption\".")));
    // A keytab's ticket, in a private cache, for as long as this sign-in lasts (common/keytab_ticket.hpp).
    std::optional<common::kerberos::KeytabTicket> keytab;
    if (!c.keytab.empty()) {
        try {
            keytab.emplace(c.keytab, c.login);
        } catch (const common::kerberos::KeytabError& e) {
            auto words = common::keytabFailure(e, h_.lang);
            fail(localError("authentication", Stage::Auth, words.message, words.hint));
        }
        if (h_.note) h_.note(fmt::format("Kerberos ticket of {} from the keytab {}", keytab->principal(), c.keytab));
    }
    std::vector<AuthMethod> methods = chooseMechanisms(s_.auth, c, caps_, s_.endpoint.host);
    if (methods.empty())
        fail(localError("authentication", Stage::Auth,
                        tr(h_.lang, "Сервер не предлагает ни одного способа авторизации, который мы знаем.",
                           "The server offers no authentication mechanism we know."),
                        tr(h_.lang, "Уберите логин, если сервер не требует авторизации.",
                           "Leave Login empty if the server needs no authentication.")));
    // A mechanism asked for by name that the server does not offer: said before anything is sent.
    if (s_.auth != AuthMethod::Auto && !methods.empty() && needsLibrary(methods.front()) &&
        !caps_.offersAuth(mechanismName(methods.front()))) {
        auto words = common::mechanismNotOffered(mechanismName(methods.front()),
                                                 fmt::format("{}", fmt::join(caps_.auth, " ")), h_.lang);
        fail(localError("authentication", Stage::Auth, words.message, words.hint));
    }
    // A token for a server that offers no token mechanism (neither XOAUTH2 nor OAUTHBEARER): said before the token
    // is sent, at the capabilities, so it is not taken for a refused token (no renewal spent).
    if (!c.token.empty() && !caps_.offersAuth(mechanismName(methods.front()))) {
        auto words = common::mechanismNotOffered(mechanismName(methods.front()),
                                                 fmt::format("{}", fmt::join(caps_.auth, " ")), h_.lang);
        fail(localError("authentication", Stage::Ehlo, words.message, words.hint));
    }
    Reply r;
    for (size_t i = 0; i < methods.size(); ++i) {
        mechanism_ = mechanismName(methods[i]);
        if (h_.note) h_.note(fmt::format("AUTH {} as {}", mechanism_, c.login.empty() ? "(ticket)" : c.login));
        r = guarded(Stage::Auth, [&] {
            try {
                return smtp::authenticate(*dialog_, methods[i], c, s_.endpoint.host, s_.endpoint.port);
            } catch (const common::sasl::LibraryError& e) {
                auto words = common::libraryFailure(e, "smtp", s_.endpoint.host, h_.lang);
                fail(localError("authentication", Stage::Auth, words.message, words.hint));
            }
        });
        // One more mechanism, once, when the first may simply not be set up for this account (RFC 4954 535).
        if (r.code != 535 || i > 0 || s_.auth != AuthMethod::Auto || !mayFallBackAfter(methods[i]) || methods.size() < 2)
            break;
        if (h_.note) h_.note(fmt::format("{} refused (535); trying {} once", mechanism_, mechanismName(methods[1])));
    }
    if (!r.positive()) {
        sdk::BlockError e = replyError(Stage::Auth, r, where_);
        auto words = common::windowsRefusal(mechanism_, c.login, c.domain, h_.lang);
        if (!words.message.empty()) e.hint = words.message + " " + words.hint;
        fail(std::move(e));
    }
    finished(Stage::Auth, mechanism_);
}

// RFC 3461: RET and ENVID go on MAIL (appended to `mail`), the returned NOTIFY on each RCPT. Only to a server
// offering DSN: another would refuse the command; then the author hears that no report will come.
std::string Session::dsnParameters(const DsnRequest& dsn, std::string& mail) {
    if (dsn.notify.empty() && dsn.ret.empty()) return {};
    if (!caps_.dsn) {
        if (h_.note) h_.note("the server does not offer DSN: no delivery status notification was asked for");
        if (h_.warn)
            h_.warn(tr(h_.lang, "Сервер не поддерживает уведомления о доставке (DSN): письмо отправлено без них.",
                       "The server does not offer delivery status notifications (DSN): the message goes without them."));
        return {};
    }
    if (!dsn.ret.empty()) mail += " RET=" + dsn.ret;
    if (!dsn.envid.empty()) {
        mail += " ENVID=";
        for (unsigned char c : dsn.envid)  // xtext (RFC 3461 4)
            mail += (c < 33 || c > 126 || c == '+' || c == '=') ? fmt::format("+{:02X}", c) : std::string(1, static_cast<char>(c));
    }
    return dsn.notify.empty() ? "" : " NOTIFY=" + dsn.notify;
}

Reply Session::envelope(const Envelope& env, uint64_t size, const std::vector<RecipientResult*>& batch) {
    if (env.smtputf8 && !caps_.smtputf8)
        fail(localError("message_rejected", Stage::Mail,
                        tr(h_.lang, "Сервер не принимает адреса с кириллицей до @ (не предлагает SMTPUTF8).",
                           "The server does not take addresses with non-Latin letters before the @ (it does not offer "
                           "SMTPUTF8)."),
                        tr(h_.lang, "Попросите у получателя адрес латиницей или отправляйте через сервер с SMTPUTF8 "
                                    "(Gmail; Postfix с smtputf8_enable = yes).",
                           "Ask the recipient for an address in Latin letters, or send through a server that offers "
                           "SMTPUTF8 (Gmail; Postfix with smtputf8_enable = yes).")));
    if (open_transaction_) {
        // The last transaction ended without its data (no recipient taken): start clean.
        expect(Stage::Mail, guarded(Stage::Mail, [&] { return dialog_->command("RSET"); }));
        open_transaction_ = false;
    }
    std::string mail = "MAIL FROM:<" + env.from + ">";
    if (caps_.size) mail += " SIZE=" + std::to_string(size);
    // RFC 6531 3.4: SMTPUTF8, and the headers in UTF-8 make the message 8-bit (RFC 6152).
    if (env.smtputf8) mail += caps_.eight_bit_mime ? " BODY=8BITMIME SMTPUTF8" : " SMTPUTF8";
    const std::string notify = dsnParameters(env.dsn, mail);
    std::vector<std::string> rcpts;
    rcpts.reserve(batch.size());
    for (const auto* r : batch) rcpts.push_back("RCPT TO:<" + r->address + ">" + notify);
    open_transaction_ = true;
    clean_ = false;
    if (caps_.pipelining) {
        // RFC 2920: one write, then the replies in order; each recipient's reply is still its own.
        std::vector<std::string> lines{mail};
        lines.insert(lines.end(), rcpts.begin(), rcpts.end());
        lines.push_back("DATA");
        guarded(Stage::Mail, [&] {
            dialog_->pipeline(lines);
            return 0;
        });
    }
    auto send = [&](Stage stage, const std::string& line) {
        return guarded(stage, [&] { return caps_.pipelining ? dialog_->reply() : dialog_->command(line); });
    };
    Reply mail_reply = send(Stage::Mail, mail);
    unprobed_ = false;  // the server answered: the connection was alive
    if (!caps_.pipelining) expect(Stage::Mail, mail_reply);  // no RCPT after a refused MAIL
    bool any = false;
    for (size_t i = 0; i < rcpts.size(); ++i) {
        batch[i]->reply = send(Stage::Rcpt, rcpts[i]);
        batch[i]->stage = stageName(Stage::Rcpt);
        any = any || batch[i]->reply.positive();
    }
    // Without PIPELINING, DATA is sent only when it can succeed.
    Reply go = (caps_.pipelining || (mail_reply.positive() && any)) ? send(Stage::Data, "DATA") : Reply{};
    if (go.code == 354 && (!mail_reply.positive() || !any)) {
        // A server that accepts DATA with no valid recipient gets an empty message it cannot deliver.
        guarded(Stage::Data, [&] {
            dialog_->data([](std::streambuf&) {}, 0, nullptr);
            return dialog_->reply();
        });
        open_transaction_ = false;
    }
    expect(Stage::Mail, mail_reply);
    if (!any) return Reply{};
    if (go.code != 354) fail(replyError(Stage::Data, go, where_));
    return go;
}

Reply Session::transaction(const Envelope& env, const std::vector<RecipientResult*>& batch, const MessageData& message) {
    // RFC 1870: a message over the server's SIZE limit would be refused after we sent it all.
    if (caps_.size && *caps_.size > 0 && message.size > *caps_.size)
        fail(localError("size_exceeded", Stage::Mail,
                        tr(h_.lang, fmt::format("Письмо ({} байт) больше, чем принимает сервер ({} байт).",
                                                message.size, *caps_.size),
                           fmt::format("The message ({} bytes) is larger than the server accepts ({} bytes).",
                                       message.size, *caps_.size)),
                        tr(h_.lang, "Уменьшите или уберите вложения, либо отправьте ссылку на файл.",
                           "Make the attachments smaller or fewer, or send a link to the file.")));
    if (envelope(env, message.size, batch).code == 0) return Reply{};
    auto progress = [&](uint64_t done) {
        if (h_.progress) h_.progress(done, message.size);
    };
    guarded(Stage::Data, [&] {
        dialog_->data([&](std::streambuf& out) { message.writeTo(out); }, message.size, progress);
        return 0;
    });
    // From here the server may have the message: a lost reply must never lead to sending it again.
    Reply final_reply = guarded(Stage::EndOfData, [&] { return dialog_->reply(); });
    open_transaction_ = false;
    clean_ = final_reply.positive();
    if (clean_) ++messages_;
    return final_reply;
}

}  // namespace mailblock::send_email::smtp
