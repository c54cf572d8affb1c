#include "send_email/smtp/stop_errors.hpp"

#include <fmt/format.h>

#include "common/i18n.hpp"
#include "common/outcome.hpp"

namespace mailblock::send_email::smtp {

using common::tr;

namespace {
std::string server(const Where& w) {
    return w.endpoint ? fmt::format("{}:{}", w.endpoint->host, w.endpoint->port) : std::string("?");
}
}  // namespace

sdk::BlockError cancelledError(Stage stage, const Where& where) {
    sdk::BlockError e;
    e.stage = stageName(stage);
    if (stage == Stage::EndOfData) {
        e.kind = "unknown_outcome";
        e.fate = common::fate::kUnknown;
        e.message = tr(where.lang,
                       fmt::format("Отправка отменена, когда письмо уже было передано серверу {}, а его ответа ещё не было.",
                                   server(where)),
                       fmt::format("Sending was cancelled after the message was handed to server {}, before its reply.",
                                   server(where)));
        e.hint = tr(where.lang, "Не отправляйте повторно вслепую: проверьте у получателя или в папке «Отправленные».",
                    "Do not resend blindly: check with the recipient or the Sent folder before resending.");
        return e;
    }
    e.kind = "cancelled";
    e.fate = common::fate::kNotSent;
    e.message = tr(where.lang, "Отправка отменена.", "Sending was cancelled.");
    e.hint = tr(where.lang, "Запустите отправку снова, когда будете готовы.", "Run the send again when you are ready.");
    return e;
}

sdk::BlockError heloOnlyError(const Reply& refused, bool for_tls, const Where& where) {
    sdk::BlockError e;
    e.kind = for_tls ? "tls" : "authentication";
    e.fate = common::fate::kNotSent;
    e.stage = stageName(Stage::Ehlo);
    e.code = refused.code;
    e.enhanced = refused.enhanced;
    e.server_text = refused.text;
    const std::string what_ru = for_tls ? "STARTTLS, а шифрование обязательно" : "вход по логину (AUTH), а логин задан";
    const std::string what_en =
        for_tls ? "STARTTLS, and encryption is required" : "sign-in (AUTH), and a login is given";
    e.message =
        tr(where.lang,
           fmt::format("Сервер {} понимает только старый протокол SMTP (на EHLO ответил «{}»), "
                       "поэтому не может предложить {}.",
                       server(where), refused.summary(), what_ru),
           fmt::format("Server {} speaks only the old SMTP (it answered EHLO with \"{}\"), "
                       "so it cannot offer {}.",
                       server(where), refused.summary(), what_en));
    e.hint = for_tls
                 ? tr(where.lang,
                      "Выберите «SSL при подключении» (порт 465), если сервер его поддерживает; "
                      "без шифрования («Нет») — только в доверенной сети.",
                      "Choose SSL on connect (port 465) if the server has it; no encryption (None) only on a trusted "
                      "network.")
                 : tr(where.lang,
                      "Оставьте логин пустым, если сервер не требует входа, или отправляйте через сервер с ESMTP.",
                      "Leave Login empty if the server needs no sign-in, or send through a server that speaks ESMTP.");
    return e;
}

}  // namespace mailblock::send_email::smtp
