#include "send_email/request_features.hpp"

#include "common/i18n.hpp"
#include "mailblock/sdk/ascii.hpp"
#include "mailblock/sdk/utf8.hpp"
#include "send_email/descriptor.hpp"
#include "send_email/message/address_list.hpp"
#include "send_email/message/feature_headers.hpp"
#include "send_email/sent_message.hpp"

namespace mailblock::send_email {

using common::tr;
using sdk::Value;
using sdk::ValueType;

namespace {

constexpr size_t kMaxHeaders = 100;

// One address on its own (Sender, bounce address): "" when the port is empty.
std::string oneAddress(const sdk::Context& ctx, const char* port, const Problem& problem) {
    std::string address = sdk::utf8::trimmed(ctx.text(port));
    if (address.empty()) return {};
    if (std::string err = message::prepareAddress(address, ctx.language()); !err.empty()) problem(port, err);
    return address;
}

void readReply(const sdk::Context& ctx, message::MessageSpec& m, const Problem& problem) {
    const Value v = ctx.input(port::kInReplyTo);
    std::string parent;
    std::vector<std::string> chain;
    if (v.type() == ValueType::Text) {
        if (sdk::utf8::trimmed(v.asText()).empty()) return;
        parent = message::bareMessageId(v.asText());
    } else if (isMap(v)) {  // an earlier block's Sent message
        const Value* id = v.find(sent_field::kMessageId);
        parent = id && id->type() == ValueType::Text ? message::bareMessageId(id->asText()) : "";
        if (const Value* refs = v.find(sent_field::kReferences); refs && refs->type() == ValueType::List)
            for (const auto& r : refs->items())
                if (r.type() == ValueType::Text && !message::bareMessageId(r.asText()).empty())
                    chain.push_back(message::bareMessageId(r.asText()));
        const Value* subject = v.find("subject");
        if (m.subject.empty() && subject && subject->type() == ValueType::Text) m.subject = subject->asText();
    } else {
        return;
    }
    if (parent.empty()) {
        problem(port::kInReplyTo, tr(ctx.language(), "нужен Message-ID вида <id@домен> или выход «Отправленное письмо»",
                                     "needs a Message-ID like <id@domain> or a Sent message output"));
        return;
    }
    m.in_reply_to = parent;
    chain.push_back(parent);
    constexpr size_t kKeep = 20;  // the thread's root and the latest ones are what readers need (RFC 5322 3.6.4)
    if (chain.size() > kKeep) chain.erase(chain.begin() + 1, chain.end() - (kKeep - 1));
    m.references = chain;
    m.subject = message::replySubject(m.subject);
}

void readHeaders(const sdk::Context& ctx, message::MessageSpec& m, const Problem& problem) {
    const Value v = ctx.input(port::kHeaders);
    if (v.type() != ValueType::Dictionary) return;
    if (v.members().size() > kMaxHeaders) {
        problem(port::kHeaders, tr(ctx.language(), "не больше " + std::to_string(kMaxHeaders) + " заголовков",
                                   "at most " + std::to_string(kMaxHeaders) + " headers"));
        return;
    }
    for (const auto& h : v.members()) {
        if (h.value.type() != ValueType::Text) {
            problem(port::kHeaders, tr(ctx.language(), "значение заголовка \"" + h.key + "\" должно быть текстом",
                                       "the value of header \"" + h.key + "\" must be text"));
            continue;
        }
        const std::string& value = h.value.asText();
        if (std::string err = message::checkCustomHeader(h.key, value, ctx.language()); !err.empty()) problem(port::kHeaders, err);
        else m.headers.emplace_back(h.key, value);
    }
}

void readUnsubscribe(const sdk::Context& ctx, message::MessageSpec& m, const Problem& problem) {
    const Value v = ctx.input(port::kListUnsubscribe);
    std::vector<std::string> texts;
    if (v.type() == ValueType::Text) {
        const std::string& t = v.asText();
        for (size_t from = 0; from <= t.size();) {
            size_t end = std::min(t.find(';', from), t.size());
            texts.push_back(t.substr(from, end - from));
            from = end + 1;
        }
    } else if (v.type() == ValueType::List) {
        for (const auto& item : v.items())
            if (item.type() == ValueType::Text) texts.push_back(item.asText());
    }
    for (auto& t : texts) {
        std::string uri = sdk::utf8::trimmed(t);
        if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>') uri = uri.substr(1, uri.size() - 2);
        if (uri.empty()) continue;
        if (std::string err = message::checkUnsubscribeUri(uri, ctx.language()); !err.empty()) problem(port::kListUnsubscribe, err);
        else m.list_unsubscribe.push_back(uri);
    }
}

// «Уведомление о доставке»: Never alone, or some of Failure / Success / Delay.
void readDsn(const sdk::Context& ctx, SendRequest& r, const Problem& problem) {
    const Value v = ctx.input(port::kDeliveryNotify);
    std::vector<std::string> words;
    auto split = [&](const std::string& t) {
        for (size_t from = 0; from <= t.size();) {
            size_t end = std::min(t.find_first_of(";,", from), t.size());
            if (std::string w = sdk::utf8::trimmed(t.substr(from, end - from)); !w.empty()) words.push_back(w);
            from = end + 1;
        }
    };
    if (v.type() == ValueType::Text) split(v.asText());
    else if (v.type() == ValueType::List)
        for (const auto& item : v.items())
            if (item.type() == ValueType::Text) split(item.asText());
    std::string notify;
    bool never = false;
    for (const auto& w : words) {
        const std::string upper = sdk::ascii::upper(w);
        if (upper == "NEVER") never = true;
        else if (upper == "FAILURE" || upper == "SUCCESS" || upper == "DELAY") {
            if (notify.find(upper) == std::string::npos) notify += (notify.empty() ? "" : ",") + upper;
        } else
            problem(port::kDeliveryNotify, tr(ctx.language(), "«" + w + "» — не Never, Failure, Success или Delay",
                                              "\"" + w + "\" is not Never, Failure, Success or Delay"));
    }
    if (never && !notify.empty())
        problem(port::kDeliveryNotify, tr(ctx.language(), "Never нельзя сочетать с другими", "Never cannot be combined with others"));
    r.dsn.notify = never ? "NEVER" : notify;
    if (r.dsn.notify.empty()) return;
    r.dsn.ret = ctx.text(port::kDeliveryReturn) == "Full" ? "FULL" : "HDRS";
    r.dsn.envid = r.message.message_id;
}

}  // namespace

void readMessageFeatures(const sdk::Context& ctx, SendRequest& r, const Problem& problem) {
    message::MessageSpec& m = r.message;
    const std::string priority = ctx.text(port::kPriority);
    m.priority = priority == "High" ? message::Priority::High : priority == "Low" ? message::Priority::Low : message::Priority::Normal;
    if (ctx.boolean(port::kReadReceipt, false))
        m.read_receipt_to = m.reply_to.empty() ? std::vector<message::Mailbox>{m.from} : std::vector<message::Mailbox>{m.reply_to.front()};
    if (std::string sender = oneAddress(ctx, port::kSender, problem); !sender.empty()) m.sender = {{"", sender}};
    r.bounce_address = oneAddress(ctx, port::kBounceAddress, problem);
    readTemplate(ctx, r, problem);  // before the reply: "Re: " goes before the filled subject
    readReply(ctx, m, problem);
    readInlineImages(ctx, r, problem);
    readDsn(ctx, r, problem);
    readHeaders(ctx, m, problem);
    readUnsubscribe(ctx, m, problem);
}

}  // namespace mailblock::send_email
