#include "send_email/request.hpp"

#include "common/base64.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <set>

#include "common/i18n.hpp"
#include "common/kerberos.hpp"
#include "mailblock/sdk/ascii.hpp"
#include "mailblock/sdk/error.hpp"
#include "mailblock/sdk/utf8.hpp"
#include "send_email/descriptor.hpp"
#include "send_email/message/address_list.hpp"
#include "send_email/message/message_writer.hpp"
#include "send_email/request_features.hpp"
#include "common/security_mode.hpp"

namespace mailblock::send_email {

using common::tr;
using sdk::Value;
using sdk::ValueType;

namespace {

// The block's description, built once: a mailing reads the ports of every row with it.
const sdk::BlockDescriptor& descriptor() {
    static const sdk::BlockDescriptor d = describe();
    return d;
}

class Reader {
public:
    explicit Reader(const sdk::Context& ctx) : ctx_(ctx), lang_(ctx.language()), descriptor_(descriptor()) {}

    SendRequest read() {
        SendRequest r;
        readServer(r.transport);
        r.find_settings = r.transport.endpoint.host.empty();
        r.pool = pool_;
        readMessage(r);
        if (!problems_.empty()) {
            sdk::BlockError e;
            e.kind = "invalid_input";
            e.message = tr(lang_, "Неверные входные данные:", "Invalid input:");
            for (const auto& p : problems_) e.message += "\n- " + p;
            throw sdk::BlockFailure(e);
        }
        return r;
    }

private:
    void problem(const char* port, const std::string& what) {
        const sdk::Port* p = descriptor_.input(port);
        problems_.push_back(fmt::format("{} ({}): {}", p ? p->title.in(lang_) : port, port, what));
    }

    // Single-line text: CR, LF or NUL would let a value start a new header or command.
    std::string line(const char* port) {
        std::string v = ctx_.text(port);
        if (sdk::ascii::hasLineBreakOrNul(v)) {
            problem(port, tr(lang_, "перевод строки или NUL в однострочном поле", "a line break or NUL in a one-line field"));
            return {};
        }
        if (v.size() > kMaxOneLineBytes) {
            problem(port, tr(lang_, fmt::format("длиннее {} байт ({} байт)", kMaxOneLineBytes, v.size()),
                             fmt::format("is longer than {} bytes ({} bytes)", kMaxOneLineBytes, v.size())));
            return {};
        }
        return v;
    }

    void readServer(smtp::TransportSettings& t) {
        t.endpoint.host = line(port::kServer);  // empty: found from the sender's address (auto_settings.hpp)
        std::optional<uint16_t> number;
        if (auto n = ctx_.number(port::kPort)) number = static_cast<uint16_t>(*n);
        common::ModeAndPort mp = common::resolveSecurity(common::Protocol::Smtp, ctx_.text(port::kSecurity), ctx_.boolean(port::kSsl, false), number);
        t.endpoint.security = mp.security;
        t.endpoint.port = mp.port;
        common::readTlsOptions(ctx_, t.endpoint);
        line(port::kCaFile);  // a line break in a path is refused like in any one-line field
        t.auth = smtp::authMethodFromName(ctx_.text(port::kAuthMethod)).value_or(smtp::AuthMethod::Auto);
        t.credentials.login = sdk::utf8::trimmed(line(port::kLogin));
        t.credentials.password = ctx_.text(port::kPassword);
        t.credentials.token = ctx_.text(port::kAccessToken);
        t.credentials.domain = sdk::utf8::trimmed(line(common::port::kDomain));
        t.credentials.keytab = line(common::port::kKeytab);
        t.allow_insecure_auth = ctx_.boolean(port::kAllowInsecureAuth, false);
        t.ehlo_name = line(port::kEhloName);
        t.retries = static_cast<int>(ctx_.number(port::kRetries).value_or(2));
        pool_.enabled = ctx_.boolean(port::kConnectionPool, true);
        pool_.idle = std::chrono::seconds(static_cast<long>(ctx_.number(port::kPoolIdle).value_or(30)));
        pool_.messages_per_connection = static_cast<int>(ctx_.number(port::kMessagesPerConnection).value_or(100));
        pool_.messages_per_second = ctx_.number(port::kMessagesPerSecond).value_or(0);
        // A stored OAuth2 credential gives the token and, when the login is empty, the login (send_email_block.cpp).
        const bool has_credential = !line(common::port::kOAuthCredential).empty();
        bool has_secret = !t.credentials.password.empty() || !t.credentials.token.empty();
        // With Server empty the login defaults to the address the settings are found for.
        if (t.credentials.login.empty() && has_secret && !t.endpoint.host.empty())
            problem(port::kLogin, tr(lang_, "пароль или токен указан без логина", "a password or token is given without a login"));
        // Auto and Windows may sign in with the login's own Kerberos ticket (kinit, a domain logon, a keytab).
        // Asked only when it decides something: it reads the Kerberos configuration and credential cache.
        auto ticket = [&] {
            return (t.auth == smtp::AuthMethod::Auto || t.auth == smtp::AuthMethod::Windows) &&
                   (!t.credentials.keytab.empty() || common::kerberos::holdsTicketFor(t.credentials.login));
        };
        if (!t.credentials.keytab.empty()) {
            if (t.credentials.login.empty())
                problem(port::kLogin, tr(lang_, "нужен с keytab: он выбирает ключ", "is needed with a keytab: it picks the key"));
            if (::access(t.credentials.keytab.c_str(), R_OK) != 0) {
                const std::string why = errno == ENOENT   ? tr(lang_, "нет такого файла", "no such file")
                                        : errno == EACCES ? tr(lang_, "нет прав на чтение", "no permission to read it")
                                                          : std::strerror(errno);
                problem(common::port::kKeytab, fmt::format(tr(lang_, "файл {} не читается: {}", "the file {} cannot be read: {}"),
                                                           t.credentials.keytab, why));
            }
        }
        if (!t.credentials.login.empty() && !has_secret && !has_credential && !smtp::needsNoPassword(t.auth) && !ticket())
            problem(port::kPassword, tr(lang_, "не указан (или укажите токен доступа, или получите билет Kerberos: kinit)",
                                        "is empty (or give an access token, or get a Kerberos ticket: kinit)"));
        const bool token_method = t.auth == smtp::AuthMethod::XOAuth2 || t.auth == smtp::AuthMethod::OAuthBearer;
        if (token_method && t.credentials.token.empty() && !has_credential)
            problem(port::kAccessToken, tr(lang_, fmt::format("нужен для {}", smtp::mechanismName(t.auth)),
                                           fmt::format("is needed for {}", smtp::mechanismName(t.auth))));
    }

    std::vector<message::Mailbox> addresses(const char* port) {
        Value v = ctx_.input(port);
        std::vector<std::string> texts;
        if (v.type() == ValueType::Text) texts.push_back(v.asText());
        else if (v.type() == ValueType::List)
            for (const auto& item : v.items()) {
                if (item.type() == ValueType::Text) texts.push_back(item.asText());
                else problem(port, tr(lang_, "элемент списка не текст", "a list item is not text"));
            }
        std::vector<message::Mailbox> out;
        for (const auto& t : texts) {
            message::AddressList parsed = message::parseAddressList(t, lang_);
            for (const auto& err : parsed.errors) problem(port, err);
            out.insert(out.end(), parsed.mailboxes.begin(), parsed.mailboxes.end());
        }
        return out;
    }

    std::vector<message::Attachment> attachments() {
        Value v = ctx_.input(port::kAttachments);
        std::vector<message::Attachment> out;
        auto add = [&](const std::string& name, const Value& path) {
            if (path.type() != ValueType::Text || path.asText().empty()) {
                problem(port::kAttachments, tr(lang_, "путь к файлу должен быть непустым текстом", "a file path must be non-empty text"));
                return;
            }
            const std::string& p = path.asText();
            out.push_back({name.empty() ? p.substr(p.find_last_of('/') + 1) : name, p, "", ""});
        };
        // An object an earlier block made: {name, content_base64 | path, content_type}.
        auto addObject = [&](const std::string& key, const Value& o) {
            auto text = [&](const char* field) {
                const Value* f = o.find(field);
                return f && f->type() == ValueType::Text ? f->asText() : std::string();
            };
            std::string name = key.empty() ? text("name") : key;
            if (!o.find("content_base64")) {
                add(name, o.find("path") ? *o.find("path") : Value());
                if (!out.empty() && out.back().path == text("path")) out.back().content_type = text("content_type");
                return;
            }
            if (name.empty()) {
                problem(port::kAttachments, tr(lang_, "у вложения с content_base64 нет имени (name)",
                                               "an attachment with content_base64 has no name"));
                return;
            }
            const std::string encoded = text("content_base64");
            std::string bytes = common::unbase64(encoded);
            if (bytes.empty() && !encoded.empty()) {
                problem(port::kAttachments, tr(lang_, "content_base64 вложения \"" + name + "\" — не base64",
                                               "content_base64 of attachment \"" + name + "\" is not base64"));
                return;
            }
            out.push_back({name, "", std::move(bytes), text("content_type")});
        };
        auto isObject = [](const Value& d) { return d.find("content_base64") || (d.find("path") && d.find("name")); };
        if (v.type() == ValueType::Text) {
            if (!v.asText().empty()) add("", v);
        } else if (v.type() == ValueType::List) {
            for (const auto& item : v.items())
                if (isMap(item)) addObject("", item);
                else add("", item);
        } else if (isMap(v) && isObject(v)) {
            addObject("", v);
        } else if (v.type() == ValueType::Dictionary) {
            for (const auto& m : v.members())
                if (isMap(m.value)) addObject(m.key, m.value);
                else add(m.key, m.value);
        }
        if (out.size() > kMaxAttachments) {
            problem(port::kAttachments, tr(lang_, fmt::format("не больше {} вложений, указано {}", kMaxAttachments, out.size()),
                                           fmt::format("at most {} attachments, got {}", kMaxAttachments, out.size())));
            return {};
        }
        for (const auto& a : out)
            if (sdk::ascii::hasLineBreakOrNul(a.display_name))
                problem(port::kAttachments, tr(lang_, "перевод строки в имени вложения", "a line break in an attachment name"));
        for (const auto& err : message::checkAttachments(out, lang_)) problem(port::kAttachments, err);
        return out;
    }

    // The Message-ID port's value completed with the sender's domain, or a new unique id.
    std::string messageId(const std::string& sender) {
        std::string given = line(port::kMessageId);
        if (given.empty()) return message::generateMessageId(sender);
        auto special = [](char c) {
            switch (c) {
                case '<': case '>': case '(': case ')': case '[': case ']': case '\\': case ',': case ';': case ':':
                case ' ': case '\t': case '"': return true;
                default: return false;
            }
        };
        if (given.size() > 250 || std::any_of(given.begin(), given.end(), special) || !message::isAscii(given) ||
            given.front() == '@' || given.back() == '@' || given.find('@') != given.rfind('@')) {
            problem(port::kMessageId, tr(lang_, "должен иметь вид часть@домен или часть, без пробелов и <>",
                                         "must look like part@domain or part, without spaces or <>"));
            return given;
        }
        return given.find('@') != std::string::npos ? given : given + "@" + message::messageIdDomain(sender);
    }

    void readMessage(SendRequest& r) {
        message::MessageSpec& m = r.message;
        // Spaces a spreadsheet cell brings along are trimmed, as every mail client does.
        m.from.address = sdk::utf8::trimmed(line(port::kSenderEmail));
        m.from.name = sdk::utf8::trimmed(line(port::kSenderName));
        if (m.from.address.empty())
            problem(port::kSenderEmail, tr(lang_, "не указан (ни в блоке, ни в «Подключении»)", "is empty (neither here nor in the Connection)"));
        else if (std::string err = message::prepareAddress(m.from.address, lang_); !err.empty()) problem(port::kSenderEmail, err);
        m.to = addresses(port::kRecipient);
        m.cc = addresses(port::kCc);
        r.bcc = addresses(port::kBcc);
        // "BCC to self": true adds the sender, text adds the addresses given (a mailbox without Save to Sent).
        if (Value self = ctx_.input(port::kBccSelf); self.type() == ValueType::Boolean) {
            if (self.asBool() && !m.from.address.empty()) r.bcc.push_back({"", m.from.address});
        } else {
            for (auto& mb : addresses(port::kBccSelf)) r.bcc.push_back(std::move(mb));
        }
        m.reply_to = addresses(port::kReplyTo);
        size_t recipients = m.to.size() + m.cc.size() + r.bcc.size();
        if (recipients == 0) problem(port::kRecipient, tr(lang_, "нет ни одного получателя", "there is no recipient"));
        if (recipients > kMaxRecipients)
            problem(port::kRecipient,
                    tr(lang_, fmt::format("не больше {} получателей в одном письме (с копиями), указано {}", kMaxRecipients, recipients),
                       fmt::format("at most {} recipients in one message (copies included), got {}", kMaxRecipients, recipients)));
        m.subject = line(port::kSubject);
        m.body = ctx_.text(port::kBody);
        m.html = ctx_.boolean(port::kHtml, false);
        m.attachments = attachments();
        r.eml_path = line(port::kSaveEml);
        r.fail_on_any_refusal = ctx_.text(port::kRecipientErrors) == "If any refused";
        m.message_id = messageId(m.from.address);
        m.date = message::formatDate(std::time(nullptr));
        // After the Message-ID: inline images' Content-IDs and the DSN's ENVID derive from it.
        readMessageFeatures(ctx_, r, [this](const char* port, const std::string& what) { problem(port, what); });
    }

    const sdk::Context& ctx_;
    std::string lang_;
    const sdk::BlockDescriptor& descriptor_;
    std::vector<std::string> problems_;
    smtp::PoolOptions pool_;
};

}  // namespace

bool SendRequest::needsSmtpUtf8() const {
    bool ascii = message::isAscii(message.from.address) && message::isAscii(bounce_address);
    for (const auto* list : {&message.to, &message.cc, &message.reply_to, &message.sender, &bcc})
        for (const auto& mb : *list) ascii = ascii && message::isAscii(mb.address);
    return !ascii;
}

std::vector<std::string> SendRequest::envelopeRecipients() const {
    std::vector<std::string> out;
    std::set<std::string> seen;  // lower-cased: a recipient in To and again in Bcc gets one copy
    auto add = [&](const std::vector<message::Mailbox>& list) {
        for (const auto& mb : list)
            if (seen.insert(sdk::ascii::lower(mb.address)).second) out.push_back(mb.address);
    };
    add(message.to);
    add(message.cc);
    add(bcc);
    return out;
}

SendRequest readRequest(const sdk::Context& ctx) { return Reader(ctx).read(); }

}  // namespace mailblock::send_email
