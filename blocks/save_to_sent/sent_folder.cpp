#include "save_to_sent/sent_folder.hpp"

#include "mailblock/sdk/ascii.hpp"

#include <algorithm>

namespace mailblock::save_to_sent {

namespace {

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

std::optional<imap::Mailbox> findFolder(const std::vector<imap::Mailbox>& boxes, const std::string& name) {
    for (const auto& b : boxes) {
        if (b.hasFlag("\\Noselect") || b.hasFlag("\\NonExistent")) continue;
        if (b.name == name || (sdk::ascii::lower(name) == "inbox" && sdk::ascii::lower(b.name) == "inbox")) return b;
    }
    return std::nullopt;
}

std::optional<imap::Mailbox> findSentFolder(const std::vector<imap::Mailbox>& boxes) {
    for (const auto& b : boxes)
        if (b.hasFlag("\\Sent") && !b.hasFlag("\\Noselect")) return b;
    for (const char* usual : {"Sent", "Sent Items", "Sent Messages", "Отправленные", "[Gmail]/Sent Mail"}) {
        if (auto b = findFolder(boxes, usual)) return b;
        for (const char* sep : {".", "/"})
            if (auto b = findFolder(boxes, std::string("INBOX") + sep + usual)) return b;
    }
    return std::nullopt;
}

std::string imapHostFor(const std::string& smtp_host) {
    static const std::pair<const char*, const char*> known[] = {
        {"smtp.yandex.ru", "imap.yandex.ru"},   {"smtp.yandex.com", "imap.yandex.com"},
        {"smtp.mail.ru", "imap.mail.ru"},       {"smtp.gmail.com", "imap.gmail.com"},
        {"smtp-mail.outlook.com", "outlook.office365.com"}, {"smtp.office365.com", "outlook.office365.com"},
        {"smtp.rambler.ru", "imap.rambler.ru"}, {"smtp.mail.yahoo.com", "imap.mail.yahoo.com"},
        {"smtp.mail.me.com", "imap.mail.me.com"},
    };
    std::string host = sdk::ascii::lower(smtp_host);
    for (const auto& [smtp, imap] : known)
        if (host == smtp) return imap;
    if (host.rfind("smtp.", 0) == 0) return "imap." + host.substr(5);
    return smtp_host;
}

ImapMode resolveImapMode(const std::string& security_port, bool ssl, std::optional<uint16_t> port) {
    using common::Security;
    Security s = Security::None;
    if (security_port == "STARTTLS") s = Security::StartTls;
    else if (security_port == "SSL on connect") s = Security::Implicit;
    else if (security_port != "None" && ssl) s = (port && *port == 143) ? Security::StartTls : Security::Implicit;
    return ImapMode{s, port.value_or(s == Security::Implicit ? 993 : 143)};
}

bool providerFilesSentCopy(const std::string& host) {
    std::string h = sdk::ascii::lower(host);
    for (const char* suffix : {"gmail.com", "googlemail.com", "outlook.com", "office365.com", "hotmail.com", "live.com"})
        if (h == suffix || endsWith(h, std::string(".") + suffix)) return true;
    return false;
}

}  // namespace mailblock::save_to_sent
