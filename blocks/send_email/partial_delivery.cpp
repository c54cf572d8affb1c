#include "send_email/partial_delivery.hpp"

#include <fmt/format.h>

#include "common/i18n.hpp"
#include "common/outcome.hpp"

namespace mailblock::send_email {

using common::tr;
using smtp::RecipientStatus;

namespace {

std::string listOf(const smtp::Delivery& d, RecipientStatus status) {
    std::string out;
    for (const auto& r : d.recipients)
        if (r.status == status) out += fmt::format("\n- {}: {}", r.address, r.reply.code ? r.reply.summary() : "—");
    return out;
}

std::string accepted(const smtp::Delivery& d) {
    std::string out;
    for (const auto& r : d.recipients)
        if (r.accepted()) out += (out.empty() ? "" : ", ") + r.address;
    return out;
}

sdk::BlockError base(const smtp::Delivery& d, const std::string& kind) {
    sdk::BlockError e;
    e.kind = kind;
    e.fate = common::fate::kPartial;  // someone has it: the words come first (common/outcome)
    if (d.stopped) {
        e.stage = d.stopped->stage;
        e.code = d.stopped->code;
        e.enhanced = d.stopped->enhanced;
        e.server_text = d.stopped->server_text;
    }
    return e;
}

}  // namespace

Verdict judge(const smtp::Delivery& d, bool fail_on_any_refusal, const std::string& lang) {
    Verdict v;
    size_t got = 0;
    for (const auto& r : d.recipients) got += r.accepted() ? 1 : 0;
    const size_t total = d.recipients.size();
    v.partial = got < total;
    v.refused = listOf(d, RecipientStatus::Refused);
    if (!v.partial) return v;
    const std::string unknown = listOf(d, RecipientStatus::Unknown);
    const std::string missing = listOf(d, RecipientStatus::Deferred) + listOf(d, RecipientStatus::NotSent);
    const std::string why = d.stopped ? d.stopped->message : std::string();
    const std::string have = accepted(d);
    if (!unknown.empty()) {
        sdk::BlockError e = base(d, "unknown_outcome");
        e.message =
            tr(lang,
               fmt::format("Приняли {} из {} ({}); для остальных неизвестно, принято ли письмо:{}{}\n{}",
                           got, total, have, unknown, missing, why),
               fmt::format("{} of {} have it ({}); for the others it is unknown whether it was accepted:{}{}\n{}",
                           got, total, have, unknown, missing, why));
        e.hint = tr(
            lang,
            "Принявшим письмо не отправляйте его повторно; для остальных проверьте у получателя, прежде чем повторять.",
            "Do not resend to the recipients who have it; for the others check with them before resending.");
        v.error = e;
    } else if (!missing.empty()) {
        sdk::BlockError e = base(d, "partial");
        e.message = tr(lang,
                       fmt::format("Приняли {} из {} ({}); не доставлено (сервер отложил, повторы исчерпаны):{}{}",
                                   got, total, have, missing, v.refused),
                       fmt::format("{} of {} have it ({}); not delivered (the server deferred them and the retries ran "
                                   "out):{}{}",
                                   got, total, have, missing, v.refused));
        e.hint =
            tr(lang,
               "Отправьте позже только тем, кто не получил (или увеличьте «Повторные попытки» и время ожидания); "
               "принявшим письмо не отправляйте повторно.",
               "Send later to the missing recipients only (or raise Retries and the Timeout); do not resend to the "
               "ones who have it.");
        v.error = e;
    } else if (fail_on_any_refusal) {
        sdk::BlockError e = base(d, "recipient_rejected");
        e.stage = "rcpt";
        e.message = tr(lang, fmt::format("Его приняли {} из {} получателей; отказано:{}", got, total, v.refused),
                       fmt::format("{} of {} recipients took it; refused:{}", got, total, v.refused));
        e.hint =
            tr(lang, "Проверьте адреса, которым отказано; принятым письмо уже доставлено — не отправляйте им повторно.",
               "Check the refused addresses; the accepted ones already have the message — do not resend to them.");
        v.error = e;
    }
    return v;
}

}  // namespace mailblock::send_email
