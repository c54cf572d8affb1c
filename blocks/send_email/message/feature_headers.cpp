#include "send_email/message/feature_headers.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "common/i18n.hpp"
#include "send_email/message/header_encoding.hpp"
#include "mailblock/sdk/ascii.hpp"

namespace mailblock::message {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// Fields the block writes (or a server adds) itself: an author's own value would contradict them.
bool ours(const std::string& name) {
    static const char* const kOurs[] = {"date", "from", "sender", "reply-to", "to", "cc", "bcc", "subject",
                                        "message-id", "in-reply-to", "references", "mime-version", "content-type",
                                        "content-transfer-encoding", "content-disposition", "content-id",
                                        "importance", "x-priority", "priority", "disposition-notification-to",
                                        "list-unsubscribe", "list-unsubscribe-post", "return-path", "received"};
    const std::string n = lower(name);
    return std::any_of(std::begin(kOurs), std::end(kOurs), [&](const char* o) { return n == o; });
}

std::string idList(const std::string& name, const std::vector<std::string>& ids) {
    HeaderField f(name);
    for (const auto& id : ids) {
        requireSingleLine(id, name);
        f.token("<" + id + ">");
    }
    return f.str();
}

}  // namespace

std::string featureHeaders(const MessageSpec& spec) {
    std::string h;
    if (!spec.sender.empty()) h += addressField("Sender", spec.sender);
    if (!spec.in_reply_to.empty()) h += idList("In-Reply-To", {spec.in_reply_to});
    if (!spec.references.empty()) h += idList("References", spec.references);
    if (spec.priority == Priority::High) h += "Importance: high\r\nX-Priority: 1 (Highest)\r\nPriority: urgent\r\n";
    if (spec.priority == Priority::Low) h += "Importance: low\r\nX-Priority: 5 (Lowest)\r\nPriority: non-urgent\r\n";
    if (!spec.read_receipt_to.empty()) h += addressField("Disposition-Notification-To", spec.read_receipt_to);
    if (!spec.list_unsubscribe.empty()) {
        HeaderField f("List-Unsubscribe");
        bool one_click = false;
        for (size_t i = 0; i < spec.list_unsubscribe.size(); ++i) {
            const std::string& uri = spec.list_unsubscribe[i];
            requireSingleLine(uri, "List-Unsubscribe");
            f.token("<" + uri + ">" + (i + 1 < spec.list_unsubscribe.size() ? "," : ""));
            one_click = one_click || lower(uri).rfind("https:", 0) == 0;
        }
        h += f.str();
        // RFC 8058: one-click needs an https URI the mail provider can POST to.
        if (one_click) h += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
    }
    for (const auto& [name, value] : spec.headers) {
        if (!checkCustomHeader(name, value).empty()) throw std::invalid_argument("header \"" + name + "\" refused");
        h += unstructuredField(name, value);
    }
    return h;
}

std::string checkCustomHeader(const std::string& name, const std::string& value, const std::string& lang) {
    const std::string quoted = "\"" + name + "\"";
    if (name.empty() || name.size() > 76 ||
        !std::all_of(name.begin(), name.end(), [](unsigned char c) { return c > 32 && c < 127 && c != ':'; }))
        return common::tr(lang, "имя заголовка " + quoted + " недопустимо: только латинские буквы, цифры и знаки без пробелов и двоеточия",
                          "header name " + quoted + " is not allowed: ASCII letters, digits and signs only, no space or colon");
    if (ours(name))
        return common::tr(lang, "заголовок " + quoted + " блок пишет сам: задайте его в своём порту",
                          "the block writes the " + quoted + " header itself: use its own port");
    if (sdk::ascii::hasLineBreakOrNul(value))
        return common::tr(lang, "перевод строки в значении заголовка " + quoted, "a line break in the value of header " + quoted);
    return {};
}

std::string checkUnsubscribeUri(const std::string& uri, const std::string& lang) {
    const std::string l = lower(uri);
    bool scheme = l.rfind("mailto:", 0) == 0 || l.rfind("https://", 0) == 0 || l.rfind("http://", 0) == 0;
    bool clean = std::all_of(uri.begin(), uri.end(), [](unsigned char c) { return c > 32 && c < 127 && c != '<' && c != '>'; });
    if (scheme && clean && uri.size() <= 2000) return {};
    return common::tr(lang, "\"" + uri + "\" — не ссылка mailto: или https: (без пробелов и угловых скобок)",
                      "\"" + uri + "\" is not a mailto: or https: link (without spaces or angle brackets)");
}

std::string bareMessageId(const std::string& text) {
    size_t b = text.find_first_not_of(" \t"), e = text.find_last_not_of(" \t");
    if (b == std::string::npos) return {};
    std::string id = text.substr(b, e - b + 1);
    if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
    size_t at = id.find('@');
    bool ok = at != std::string::npos && at > 0 && at + 1 < id.size() && id.size() <= 998 &&
              std::all_of(id.begin(), id.end(), [](unsigned char c) { return c > 32 && c < 127 && c != '<' && c != '>'; });
    return ok ? id : std::string();
}

std::string replySubject(const std::string& subject) {
    return lower(subject.substr(0, 3)) == "re:" ? subject : "Re: " + subject;
}

}  // namespace mailblock::message
