#include "save_to_sent/sent_folder.hpp"

#include "mailblock/sdk/ascii.hpp"

#include <algorithm>

namespace mailblock::save_to_sent {

std::optional<imap::Mailbox> findFolder(const std::vector<imap::Mailbox>& boxes, const std::string& name) {
    for (const auto& b : boxes) {
        if (b.hasFlag("\\Noselect") || b.hasFlag("\\NonExistent")) continue;
        if (b.name == name || (sdk::ascii::lower(name) == "inbox" && sdk::ascii::lower(b.name) == "inbox")) return b;
    }
    return std::nullopt;
}

namespace {

// The folder with the RFC 6154 `flag`, else the first of the `usual` names that exists (also under "INBOX.").
std::optional<imap::Mailbox> findSpecialFolder(const std::vector<imap::Mailbox>& boxes, const char* flag,
                                               std::initializer_list<const char*> usual) {
    for (const auto& b : boxes)
        if (b.hasFlag(flag) && !b.hasFlag("\\Noselect")) return b;
    for (const char* name : usual) {
        if (auto b = findFolder(boxes, name)) return b;
        for (const char* sep : {".", "/"})
            if (auto b = findFolder(boxes, std::string("INBOX") + sep + name)) return b;
    }
    return std::nullopt;
}

}  // namespace

std::optional<imap::Mailbox> findSentFolder(const std::vector<imap::Mailbox>& boxes) {
    return findSpecialFolder(boxes, "\\Sent", {"Sent", "Sent Items", "Sent Messages", "Отправленные", "[Gmail]/Sent Mail"});
}

std::optional<imap::Mailbox> findDraftsFolder(const std::vector<imap::Mailbox>& boxes) {
    return findSpecialFolder(boxes, "\\Drafts", {"Drafts", "Черновики", "[Gmail]/Drafts"});
}

ImapGuess imapServerFor(const std::string& smtp_host) {
    if (const auto* p = common::autoconfig::presetForServer(smtp_host); p && !p->imap.empty()) return {p->imap.front(), p};
    std::string host = sdk::ascii::lower(smtp_host);
    return {{host.rfind("smtp.", 0) == 0 ? "imap." + host.substr(5) : smtp_host, 0, common::Security::None}, nullptr};
}

bool providerFilesSentCopy(const std::string& host) {
    const auto* p = common::autoconfig::presetForHost(host);
    return p && p->files_sent_copy;
}

}  // namespace mailblock::save_to_sent
