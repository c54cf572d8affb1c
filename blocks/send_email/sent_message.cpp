#include "send_email/sent_message.hpp"

#include <regex>

#include "common/autoconfig/block_setup.hpp"
#include "common/connection.hpp"

namespace mailblock::send_email {

using sdk::Value;

namespace {

Value mailboxes(const std::vector<message::Mailbox>& list) {
    std::vector<Value> out;
    out.reserve(list.size());
    for (const auto& m : list)
        out.push_back(Value::dictionary({{"name", Value::text(m.name)}, {"address", Value::text(m.address)}}));
    return Value::list(out);
}

Value replyValue(const smtp::Reply& r) {
    Value v = Value::dictionary();
    v.set("code", Value::number(r.code));
    if (!r.enhanced.empty()) v.set("enhanced", Value::text(r.enhanced));
    v.set("text", Value::text(r.text));
    return v;
}

}  // namespace

std::string queueId(const smtp::Reply& final_reply) {
    static const std::regex patterns[] = {
        std::regex(R"(queued as ([A-Za-z0-9]+))"),         // Postfix
        std::regex(R"(id=([A-Za-z0-9-]+))"),               // Exim
        std::regex(R"(<?([A-Za-z0-9._-]+@[A-Za-z0-9._-]+)>? \[?Queued)"),  // Exchange
    };
    std::smatch m;
    for (const auto& re : patterns)
        if (std::regex_search(final_reply.text, m, re)) return m[1];
    return {};
}

Value sentMessage(const SendRequest& request, const smtp::MessageData& data, const smtp::Delivery& delivery) {
    const auto& msg = request.message;
    const auto& t = request.transport;
    Value v = Value::object();
    v.set(sent_field::kMessageId, Value::text(msg.message_id));
    v.set(sent_field::kDate, Value::text(msg.date));
    v.set("from", mailboxes({msg.from}));
    v.set("to", mailboxes(msg.to));
    v.set("cc", mailboxes(msg.cc));
    v.set("bcc", mailboxes(request.bcc));
    v.set("reply_to", mailboxes(msg.reply_to));
    v.set("subject", Value::text(msg.subject));
    std::vector<Value> accepted, rejected;
    for (const auto& r : delivery.recipients) {
        Value rv = replyValue(r.reply);
        rv.members().insert(rv.members().begin(), sdk::Member{"address", Value::text(r.address)});
        (r.accepted ? accepted : rejected).push_back(rv);
    }
    v.set("accepted", Value::list(accepted));
    v.set("rejected", Value::list(rejected));
    v.set("server_reply", replyValue(delivery.final_reply));
    v.set("queue_id", Value::text(queueId(delivery.final_reply)));
    v.set("size", Value::number(static_cast<double>(data.size)));
    // The account lets Save to Sent sign in to the same mailbox. Secrets stay SecureStrings: masked in every
    // log, error and dump like any other secret.
    Value account = Value::dictionary({{"server", Value::text(t.endpoint.host)},
                                       {"port", Value::number(t.endpoint.port)},
                                       {"security", Value::text(common::securityName(t.endpoint.security))},
                                       {"login", Value::text(t.credentials.login)}});
    if (!t.credentials.password.empty()) account.set("password", Value::secret(t.credentials.password));
    if (!t.credentials.token.empty()) account.set("access_token", Value::secret(t.credentials.token));
    // Settings found by auto-setup: where they came from, and the IMAP server Save to Sent should use.
    if (const auto& f = request.found_settings) {
        account.set("settings", common::autoconfig::settingsSourceValue(*f));
        if (!f->imap.empty())
            account.set("imap", Value::dictionary({{"server", Value::text(f->imap.front().host)},
                                                   {"port", Value::number(f->imap.front().port)},
                                                   {"security", Value::text(common::securityName(f->imap.front().security))}}));
    }
    v.set(sent_field::kAccount, account);
    if (!data.path.empty()) v.set(sent_field::kBytesFile, Value::text(data.path));
    else if (!data.generate) v.set(sent_field::kBytes, Value::text(data.bytes));
    // A big message that no later block reads was streamed, not kept: only its facts are here.
    return v;
}

}  // namespace mailblock::send_email
