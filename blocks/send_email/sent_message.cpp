#include "send_email/sent_message.hpp"

#include <fmt/format.h>

#include "common/autoconfig/block_setup.hpp"
#include "common/connection.hpp"
#include "common/credential_handles.hpp"
#include "send_email/login_fallback.hpp"

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

// One recipient's fate: status, the last reply about it, and the queue id of the transaction that took it.
Value recipientValue(const smtp::RecipientResult& r, const smtp::Delivery& d) {
    Value v = Value::dictionary({{"address", Value::text(r.address)}, {"status", Value::text(smtp::statusName(r.status))}});
    if (r.reply.code) v.set("reply", replyValue(r.reply));
    if (r.transaction >= 0 && static_cast<size_t>(r.transaction) < d.transactions.size())
        v.set("queue_id", Value::text(queueId(d.transactions[static_cast<size_t>(r.transaction)])));
    return v;
}

// The run of characters in `allowed` that starts at `from`.
std::string runOf(const std::string& text, size_t from, const char* allowed) {
    size_t end = text.find_first_not_of(allowed, from);
    return text.substr(from, (end == std::string::npos ? text.size() : end) - from);
}

constexpr const char* kAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

}  // namespace

std::string queueId(const smtp::Reply& final_reply) {
    const std::string& t = final_reply.text;
    if (size_t at = t.find("queued as "); at != std::string::npos)  // Postfix
        if (std::string id = runOf(t, at + 10, kAlnum); !id.empty()) return id;
    if (size_t at = t.find("id="); at != std::string::npos)  // Exim
        if (std::string id = runOf(t, at + 3, (std::string(kAlnum) + "-").c_str()); !id.empty()) return id;
    if (size_t at = t.find("Queued"); at != std::string::npos) {  // Exchange: "<id@host> [...] Queued mail"
        size_t open = t.rfind('<', at);
        size_t close = open == std::string::npos ? std::string::npos : t.find('>', open);
        if (close != std::string::npos && close < at) {
            std::string id = t.substr(open + 1, close - open - 1);
            if (id.find('@') != std::string::npos && runOf(id, 0, (std::string(kAlnum) + "._-@").c_str()) == id) return id;
        }
    }
    return {};
}

Value sentMessage(const sdk::Context& ctx, const SendRequest& request, const smtp::MessageData& data,
                  const smtp::Delivery& delivery) {
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
    std::vector<Value> references;
    for (const auto& id : msg.references) references.push_back(Value::text("<" + id + ">"));
    v.set(sent_field::kReferences, Value::list(references));
    std::vector<Value> accepted, rejected, all;
    for (const auto& r : delivery.recipients) {
        Value rv = replyValue(r.reply);
        rv.members().insert(rv.members().begin(), sdk::Member{"address", Value::text(r.address)});
        (r.accepted() ? accepted : rejected).push_back(rv);
        all.push_back(recipientValue(r, delivery));
    }
    v.set("accepted", Value::list(accepted));
    v.set("rejected", Value::list(rejected));
    v.set("recipients", Value::list(all));
    v.set("server_reply", replyValue(delivery.final_reply));
    v.set("queue_id", Value::text(queueId(delivery.final_reply)));
    v.set("size", Value::number(static_cast<double>(data.size)));
    // The account lets Save to Sent sign in to the same mailbox: its facts, and a handle to the secret, which the
    // plugin keeps for this run scope and gives only to that account's own IMAP server (save_to_sent/sent_account).
    Value account = Value::dictionary({{"server", Value::text(t.endpoint.host)},
                                       {"port", Value::number(t.endpoint.port)},
                                       {"security", Value::text(common::securityName(t.endpoint.security))},
                                       {"login", Value::text(t.credentials.login)}});
    // Settings found by auto-setup: where they came from, and the IMAP server Save to Sent should use.
    if (const auto& f = request.found_settings) {
        account.set("settings", common::autoconfig::settingsSourceValue(*f));
        if (!f->imap.empty())
            account.set("imap", Value::dictionary({{"server", Value::text(f->imap.front().host)},
                                                   {"port", Value::number(f->imap.front().port)},
                                                   {"security", Value::text(common::securityName(f->imap.front().security))},
                                                   {"login", Value::text(imapLogin(request))}}));
    }
    if (!t.credentials.password.empty() || !t.credentials.token.empty()) {
        const std::string handle = common::credentials::hold(
            ctx.runScope(), {t.credentials.password, t.credentials.token, account});
        account.set(sent_field::kCredential, Value::secret(handle));
        ctx.debug(fmt::format("the {} stays in the plugin for this run; the Sent message carries a handle to it ({} held)",
                              t.credentials.token.empty() ? "password" : "access token", common::credentials::heldCount()));
    }
    v.set(sent_field::kAccount, account);
    if (!data.path.empty()) v.set(sent_field::kBytesFile, Value::text(data.path));
    else if (!data.generate) v.set(sent_field::kBytes, Value::text(data.bytes));
    // A big message that no later block reads was streamed, not kept: only its facts are here.
    return v;
}

}  // namespace mailblock::send_email
