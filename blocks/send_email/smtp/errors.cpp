#include "send_email/smtp/errors.hpp"

#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>

#include <fmt/format.h>

#include "common/i18n.hpp"
#include "common/tls_hint.hpp"
#include "send_email/smtp/dialog.hpp"
#include "send_email/smtp/hints.hpp"

namespace mailblock::send_email::smtp {

using common::tr;

const char* stageName(Stage s) {
    switch (s) {
        case Stage::Connect: return "connect";
        case Stage::Tls: return "tls";
        case Stage::Greeting: return "greeting";
        case Stage::Ehlo: return "ehlo";
        case Stage::Auth: return "auth";
        case Stage::Mail: return "mail";
        case Stage::Rcpt: return "rcpt";
        case Stage::Data: return "data";
        case Stage::EndOfData: return "end_of_data";
    }
    return "?";
}

namespace {

std::string server(const Where& w) {
    return w.endpoint ? fmt::format("{}:{}", w.endpoint->host, w.endpoint->port) : std::string("?");
}

std::string kindFor(Stage stage, const Reply& r) {
    if (r.code == 421) return "server_busy";
    if (stage == Stage::Auth) return r.code == 503 ? "authentication_required" : "authentication";
    if (r.code == 552 || r.enhanced == "5.3.4") return "size_exceeded";
    if (r.code == 530 || r.code == 503) return "authentication_required";
    if (stage == Stage::Mail) return "sender_rejected";
    if (stage == Stage::Rcpt) return "recipient_rejected";
    if (stage == Stage::Data || stage == Stage::EndOfData) return "message_rejected";
    return r.transient() ? "server_busy" : "rejected";
}

// What to do about a TLS failure, told apart by OpenSSL's and Poco's own words.
}  // namespace

sdk::BlockError replyError(Stage stage, const Reply& reply, const Where& where) {
    sdk::BlockError e;
    e.kind = kindFor(stage, reply);
    e.stage = stageName(stage);
    e.code = reply.code;
    e.enhanced = reply.enhanced;
    e.server_text = reply.text;
    e.message = tr(where.lang, fmt::format("Сервер {} отказал на этапе {}: {}", server(where), e.stage, reply.summary()),
                   fmt::format("Server {} refused at stage {}: {}", server(where), e.stage, reply.summary()));
    e.hint = replyHint(e.kind, reply, where.endpoint ? where.endpoint->host : std::string(), where.lang);
    return e;
}

sdk::BlockError exceptionError(Stage stage, const std::exception& ex, const Where& where) {
    sdk::BlockError e;
    e.stage = stageName(stage);
    std::string what = ex.what();
    if (auto* pe = dynamic_cast<const Poco::Exception*>(&ex)) what = pe->displayText();
    const std::string& lang = where.lang;
    if (stage == Stage::EndOfData) {
        e.kind = "unknown_outcome";
        e.message = tr(lang, fmt::format("Письмо передано серверу {}, но его ответ потерян ({}): неизвестно, принято ли письмо.", server(where), what),
                       fmt::format("The message was handed to server {} but its reply was lost ({}): it is unknown whether it was accepted.",
                                   server(where), what));
        e.hint = tr(lang, "Не отправляйте повторно вслепую: проверьте у получателя или в папке «Отправленные».",
                    "Do not resend blindly: check with the recipient or the Sent folder before resending.");
    } else if (dynamic_cast<const ProtocolViolation*>(&ex)) {
        e.kind = "protocol";
        e.message = tr(lang, fmt::format("Сервер {} нарушил протокол SMTP (этап {}): {}", server(where), e.stage, what),
                       fmt::format("Server {} broke the SMTP protocol (stage {}): {}", server(where), e.stage, what));
        e.hint = tr(lang, "Проверьте, что по этому адресу и порту работает почтовый сервер SMTP (а не, например, IMAP или веб-сервер).",
                    "Check that an SMTP server listens at this address and port (not, say, IMAP or a web server).");
    } else if (dynamic_cast<const Poco::TimeoutException*>(&ex)) {
        e.kind = "timeout";
        e.message = tr(lang, fmt::format("Сервер {} не ответил вовремя (этап {}).", server(where), e.stage),
                       fmt::format("Server {} did not answer in time (stage {}).", server(where), e.stage));
        if (stage == Stage::Greeting && where.endpoint && where.endpoint->security != common::Security::Implicit)
            // A server that expects TLS from the first byte waits silently for our handshake.
            e.hint = tr(lang, "Сервер не прислал приветствие: если это порт SSL (обычно 465), выберите «SSL on connect».",
                        "The server sent no greeting: if this is an SSL port (usually 465), choose \"SSL on connect\".");
        else
            e.hint = tr(lang, "Проверьте адрес и порт; порт может быть закрыт брандмауэром. Увеличьте время ожидания.",
                        "Check the server and port; a firewall may block the port. Increase the timeout.");
    } else if (dynamic_cast<const Poco::Net::ConnectionRefusedException*>(&ex)) {
        e.kind = "connect_refused";
        e.message = tr(lang, fmt::format("Сервер {} отклонил подключение.", server(where)),
                       fmt::format("Server {} refused the connection.", server(where)));
        e.hint = tr(lang, "Проверьте порт: обычно 587 (STARTTLS) или 465 (SSL при подключении).",
                    "Check the port: usually 587 (STARTTLS) or 465 (SSL on connect).");
    } else if (dynamic_cast<const Poco::Net::HostNotFoundException*>(&ex) ||
               dynamic_cast<const Poco::Net::NoAddressFoundException*>(&ex)) {
        e.kind = "dns";
        e.message = tr(lang, fmt::format("Не найден сервер {}.", server(where)), fmt::format("Server {} was not found.", server(where)));
        e.hint = tr(lang, "Проверьте имя сервера.", "Check the server name.");
    } else if (dynamic_cast<const Poco::Net::SSLException*>(&ex)) {
        e.kind = "tls";
        e.message = tr(lang, fmt::format("Ошибка TLS с сервером {}: {}", server(where), what),
                       fmt::format("TLS failed with server {}: {}", server(where), what));
        e.hint = common::tlsHint(what, lang);
    } else {
        e.kind = "connection_lost";
        e.message = tr(lang, fmt::format("Связь с сервером {} прервалась (этап {}): {}", server(where), e.stage, what),
                       fmt::format("The connection to server {} failed (stage {}): {}", server(where), e.stage, what));
        e.hint = tr(lang, "Повторите попытку; если ошибка повторяется, проверьте порт и режим безопасности.",
                    "Try again; if it persists, check the port and the security mode.");
    }
    return e;
}

sdk::BlockError localError(const std::string& kind, Stage stage, const std::string& message, const std::string& hint) {
    sdk::BlockError e;
    e.kind = kind;
    e.stage = stageName(stage);
    e.message = message;
    e.hint = hint;
    return e;
}

}  // namespace mailblock::send_email::smtp
