#include "send_email/send_email_block.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "common/i18n.hpp"
#include "common/named_connection_port.hpp"
#include "common/outcome.hpp"
#include "common/run_record.hpp"
#include "mailblock/sdk/error.hpp"
#include "send_email/auto_settings.hpp"
#include "send_email/compose.hpp"
#include "send_email/descriptor.hpp"
#include "send_email/login_fallback.hpp"
#include "send_email/message/message_writer.hpp"
#include "send_email/partial_delivery.hpp"
#include "send_email/request.hpp"
#include "send_email/sent_message.hpp"
#include "send_email/smtp/connection_check.hpp"
#include "send_email/smtp/pool.hpp"
#include "send_email/transport.hpp"
#include "common/dial.hpp"
#include "common/spool.hpp"
#include "common/oauth/block_token.hpp"

namespace mailblock::send_email {

namespace {

// The Sent message, when anything reads it: a mailing's rows need none (mb_host_api.output_wanted).
void outputSentMessage(const sdk::Context& ctx, const SendRequest& request, const smtp::MessageData& data,
                       const smtp::Delivery& delivery) {
    if (ctx.outputWanted(port::kSentMessage)) ctx.output(port::kSentMessage, sentMessage(ctx, request, data, delivery));
}

// Sends the message; returns "partial" when only some recipients got it, else "ok".
std::string send(sdk::Context& ctx, const SendRequest& request, const std::vector<std::string>& recipients) {
    const auto& e = request.transport.endpoint;

    const smtp::MessageData data = compose(request.message, ctx.outputLinked(port::kSentMessage), ctx.runScope());

    if (ctx.debugEnabled())
        ctx.debug(fmt::format("server {}:{}, security {}, {} recipient(s), message {} ({} bytes)", e.host, e.port,
                              common::securityName(e.security), recipients.size(), request.message.message_id, data.size));
    smtp::Hooks hooks;
    hooks.lang = ctx.language();
    if (ctx.detailedEnabled()) hooks.trace = [&](const std::string& line) { ctx.detailed(line); };
    hooks.note = [&](const std::string& line) { ctx.debug(line); };
    hooks.warn = [&](const std::string& line) { ctx.warning(line); };
    hooks.progress = [&](uint64_t done, uint64_t total) { ctx.progress(done, total); };
    hooks.cancelled = [&] { return ctx.cancelled(); };

    const smtp::Envelope envelope{request.envelopeFrom(), recipients, request.needsSmtpUtf8(), request.dsn};
    if (!request.eml_path.empty()) {
        FileTransport file(request.eml_path, ctx.language());
        smtp::Delivery delivery = file.send(envelope, data, hooks);
        outputSentMessage(ctx, request, data, delivery);
        return "ok";
    }
    smtp::Delivery delivery = SmtpTransport(request.transport, request.pool).send(envelope, data, hooks);

    Verdict verdict = judge(delivery, request.fail_on_any_refusal, ctx.language());
    if (ctx.debugEnabled())
        ctx.debug(fmt::format("sent to {} of {} recipient(s) in {} transaction(s): {}",
                              std::count_if(delivery.recipients.begin(), delivery.recipients.end(),
                                            [](const smtp::RecipientResult& r) { return r.accepted(); }),
                              recipients.size(), delivery.transactions.size(), delivery.final_reply.summary()));
    outputSentMessage(ctx, request, data, delivery);
    if (!verdict.refused.empty()) ctx.warning("refused recipients:" + verdict.refused);
    if (verdict.error) throw sdk::BlockFailure(*verdict.error);
    return verdict.partial ? "partial" : "ok";
}

// Check only / Connection: every stage up to AUTH, timed, then QUIT; on failure, the alternatives that work.
void checkOnly(sdk::Context& ctx, const SendRequest& request) {
    smtp::Hooks hooks;
    hooks.lang = ctx.language();
    if (ctx.detailedEnabled()) hooks.trace = [&](const std::string& line) { ctx.detailed(line); };
    smtp::CheckReport report = smtp::checkConnection(request.transport, hooks);
    ctx.output(port::kCheckReport, smtp::reportValue(report, request.transport));
    ctx.debug(smtp::reportText(report, request.transport, ctx.language()));
    if (report.ok) return;
    sdk::BlockError e = *report.error;
    e.fate = common::fate::kCheckFailed;
    for (const auto& a : report.alternatives)
        if (a.works)
            e.hint += common::tr(ctx.language(), fmt::format("\nРаботает: порт {}, {}.", a.port, common::securityName(a.security)),
                                 fmt::format("\nThis works: port {}, {}.", a.port, common::securityName(a.security)));
    throw sdk::BlockFailure(e);
}

// Test message: the same settings and recipients, a short message that says what it is.
void makeTestMessage(SendRequest& r, const std::string& lang) {
    const auto& e = r.transport.endpoint;
    r.message.subject = common::tr(lang, "Проверка настроек почты", "Email settings check");
    r.message.body = common::tr(lang, fmt::format("Это тестовое письмо: настройки {}:{} ({}) работают.", e.host, e.port,
                                                  common::securityName(e.security)),
                                fmt::format("This is a test message: the settings {}:{} ({}) work.", e.host, e.port,
                                            common::securityName(e.security)));
    r.message.html = false;
    r.message.attachments.clear();
}

}  // namespace

void shutdown() {
    smtp::Pool::instance().closeAll();
    common::waitForResolvers();  // a name lookup still running must not outlive the library's code
    common::removeSpoolFiles();
}

namespace {

// The run as the log sees it: what it learns goes into `line`; returns "ok" or "partial".
std::string sendRecorded(sdk::Context& ctx, common::SendLogLine& line) {
    SendRequest request = readRequest(ctx);
    for (const auto& w : request.warnings) ctx.warning(w);
    line.message_id = request.message.message_id;
    if (const auto& e = request.transport.endpoint; !e.host.empty()) line.server = fmt::format("{}:{}", e.host, e.port);
    if (!request.eml_path.empty() && (ctx.text(port::kCheckMode).empty() || ctx.text(port::kCheckMode) == "Off")) {
        line.server = request.eml_path;  // the File transport: no server, no credentials
        return send(ctx, request, request.envelopeRecipients());
    }
    // The OAuth2 credential port: a cached or refreshed access token and, when the login is empty, the account.
    auto oauth = common::oauth::blockToken(ctx);
    if (oauth) common::oauth::useToken(*oauth, request.transport.credentials.login, request.transport.credentials.token);
    const std::string check = ctx.text(port::kCheckMode);
    if (check == "Find settings") {
        findSettingsOnly(ctx, request);
        return "ok";
    }
    applyAutoSettings(ctx, request);
    const auto& e = request.transport.endpoint;
    line.server = fmt::format("{}:{}", e.host, e.port);
    if (check == "Connection") {
        withLoginFallback(ctx, request, [&] { checkOnly(ctx, request); });
        return "ok";
    }
    if (check == "Test message") makeTestMessage(request, ctx.language());
    std::vector<std::string> recipients = request.envelopeRecipients();
    line.recipients = recipients.size();
    std::string outcome;
    try {
        withLoginFallback(ctx, request, [&] { outcome = send(ctx, request, recipients); });
    } catch (const sdk::BlockFailure& f) {
        // The server refused the OAuth2 access token: exactly one refresh and one more attempt (AUTH comes
        // before MAIL, so nothing was sent).
        if (!common::oauth::tokenRefused(f.error())) throw;
        if (!oauth) {
            if (request.transport.credentials.token.empty()) throw;  // a password: its own advice stands
            throw common::oauth::givenTokenRefused(f.error(), ctx.language());
        }
        ctx.debug("the server refused the OAuth2 access token: refreshing it once and trying again");
        oauth = common::oauth::blockToken(ctx, oauth->token);
        request.transport.credentials.token = oauth->token;
        try {
            outcome = send(ctx, request, recipients);
        } catch (const sdk::BlockFailure& again) {
            if (!common::oauth::tokenRefused(again.error())) throw;
            throw common::oauth::refusedAfterRefresh(again.error(), *oauth, ctx.language());
        }
    }
    return outcome;
}

}  // namespace

void run(sdk::Context& ctx) {
    const std::string check = ctx.text(port::kCheckMode);
    static const sdk::BlockDescriptor descriptor = describe();
    common::useNamedConnection(ctx, descriptor, common::ConnectionSide::Smtp,
                               check == "Find settings" || check == "Connection" ? common::fate::kCheckFailed : common::fate::kNotSent);
    const bool checking = check == "Find settings" || check == "Connection";
    // The file log is of sends: a check of the settings or the connection sends nothing and writes no line.
    common::runRecorded(ctx, checking ? common::fate::kCheckFailed : common::fate::kNotSent, !checking,
                        [&](common::SendLogLine& line) { return sendRecorded(ctx, line); });
}

}  // namespace mailblock::send_email
