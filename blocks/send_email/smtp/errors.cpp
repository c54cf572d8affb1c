#include "send_email/smtp/errors.hpp"

#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>

#include <fmt/format.h>

#include "common/failure_words.hpp"
#include "common/i18n.hpp"
#include "common/outcome.hpp"
#include "common/tls_hint.hpp"
#include "mailblock/sdk/utf8.hpp"
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

sdk::BlockError at(Stage stage, const std::string& kind) {
    sdk::BlockError e;
    e.kind = kind;
    e.stage = stageName(stage);
    e.fate = common::fate::kNotSent;
    return e;
}

// Our own ProtocolViolation texts (dialog.cpp) in words; the server's line they quote stays quoted as it came.
std::string protocolWords(const std::string& what, const std::string& lang) {
    const size_t quote = what.find(": \"");
    const std::string quoted =
        quote == std::string::npos ? std::string() : sdk::utf8::fromServer(what.substr(quote + 3, what.rfind('"') - quote - 3));
    auto has = [&](const char* needle) { return what.find(needle) != std::string::npos; };
    if (has("not an SMTP reply"))
        return tr(lang, "прислал строку, которая не является ответом SMTP: «" + quoted + "»",
                  "it sent a line that is not an SMTP reply: \"" + quoted + "\"");
    if (has("reply lines"))
        return tr(lang, fmt::format("прислал больше {} строк ответа", kMaxReplyLines),
                  fmt::format("it sent more than {} reply lines", kMaxReplyLines));
    if (has("longer than"))
        return tr(lang, fmt::format("прислал строку ответа длиннее {} КБ", kMaxReplyLine / 1024),
                  fmt::format("it sent a reply line longer than {} KB", kMaxReplyLine / 1024));
    if (has("changed the reply code")) return tr(lang, "сменил код посреди ответа", "it changed the reply code inside one reply");
    return tr(lang, "неожиданный ответ", "an unexpected reply (" + sdk::utf8::repaired(what) + ")");
}

}  // namespace

const char* fateAt(Stage s) { return s == Stage::EndOfData ? common::fate::kUnknown : common::fate::kNotSent; }

std::string stageWords(Stage s, const std::string& lang) {
    switch (s) {
        case Stage::Connect: return tr(lang, "при подключении", "while connecting");
        case Stage::Tls: return tr(lang, "при установке защищённого соединения (TLS)", "while setting up TLS");
        case Stage::Greeting: return tr(lang, "при приветствии сервера", "at the server's greeting");
        case Stage::Ehlo: return tr(lang, "при приветствии клиента (EHLO)", "at the client's greeting (EHLO)");
        case Stage::Auth: return tr(lang, "при входе (AUTH)", "at sign-in (AUTH)");
        case Stage::Mail: return tr(lang, "при передаче адреса отправителя (MAIL FROM)", "at the sender's address (MAIL FROM)");
        case Stage::Rcpt: return tr(lang, "при передаче адреса получателя (RCPT TO)", "at the recipient's address (RCPT TO)");
        case Stage::Data: return tr(lang, "при передаче письма (DATA)", "while the message was transferred (DATA)");
        case Stage::EndOfData: return tr(lang, "после передачи письма", "after the message was transferred");
    }
    return {};
}

sdk::BlockError replyError(Stage stage, const Reply& reply, const Where& where) {
    sdk::BlockError e = at(stage, kindFor(stage, reply));
    e.code = reply.code;
    e.enhanced = reply.enhanced;
    e.server_text = reply.text;
    // The server's own words stay quoted as they came (already valid UTF-8: parseReply).
    e.message = tr(where.lang, fmt::format("Сервер {} отказал {}: «{}».", server(where), stageWords(stage, "ru"), reply.summary()),
                   fmt::format("Server {} refused {}: \"{}\".", server(where), stageWords(stage, "en"), reply.summary()));
    e.hint = replyHint(stage, e.kind, reply, where.endpoint ? where.endpoint->host : std::string(), where.lang);
    return e;
}

sdk::BlockError exceptionError(Stage stage, const std::exception& ex, const Where& where) {
    const std::string& lang = where.lang;
    const std::string what = common::exceptionText(ex);
    const std::string when = stageWords(stage, lang);
    sdk::BlockError e = at(stage, "");
    e.fate = fateAt(stage);
    if (stage == Stage::EndOfData) {
        e.kind = "unknown_outcome";
        e.message = tr(lang, fmt::format("Письмо передано серверу {}, но его ответ не получен: {}.", server(where), common::networkFailure(ex, lang)),
                       fmt::format("The message was handed to server {} but its reply never came: {}.", server(where),
                                   common::networkFailure(ex, lang)));
        e.hint = tr(lang, "Не отправляйте повторно вслепую: проверьте у получателя или в папке «Отправленные».",
                    "Do not resend blindly: check with the recipient or the Sent folder before resending.");
    } else if (dynamic_cast<const ProtocolViolation*>(&ex)) {
        e.kind = "protocol";
        e.message = tr(lang, fmt::format("Сервер {} нарушил протокол SMTP {}: {}.", server(where), when, protocolWords(ex.what(), lang)),
                       fmt::format("Server {} broke the SMTP protocol {}: {}.", server(where), when, protocolWords(ex.what(), lang)));
        e.hint = tr(lang, "Проверьте, что по этому адресу и порту работает почтовый сервер SMTP (а не, например, IMAP или веб-сервер).",
                    "Check that an SMTP server listens at this address and port (not, say, IMAP or a web server).");
    } else if (dynamic_cast<const Poco::TimeoutException*>(&ex)) {
        e.kind = "timeout";
        e.message = tr(lang, fmt::format("Сервер {} не ответил вовремя {}.", server(where), when),
                       fmt::format("Server {} did not answer in time {}.", server(where), when));
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
        e.message = tr(lang, fmt::format("Защищённое соединение с сервером {} не установлено: {}.", server(where), common::tlsFailure(what, lang)),
                       fmt::format("No secure connection with server {}: {}.", server(where), common::tlsFailure(what, lang)));
        e.hint = common::tlsHint(what, lang);
    } else {
        e.kind = "connection_lost";
        e.message = tr(lang, fmt::format("Связь с сервером {} прервалась {}: {}.", server(where), when, common::networkFailure(ex, lang)),
                       fmt::format("The connection to server {} failed {}: {}.", server(where), when, common::networkFailure(ex, lang)));
        e.hint = tr(lang, "Повторите попытку; если ошибка повторяется, проверьте порт и режим безопасности.",
                    "Try again; if it persists, check the port and the security mode.");
    }
    return e;
}

sdk::BlockError localError(const std::string& kind, Stage stage, const std::string& message, const std::string& hint) {
    sdk::BlockError e = at(stage, kind);
    e.message = message;
    e.hint = hint;
    return e;
}

}  // namespace mailblock::send_email::smtp
