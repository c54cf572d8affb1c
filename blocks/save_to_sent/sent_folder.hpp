// Which folder is the mailbox's Sent folder, and what a provider's IMAP host and habits are.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/autoconfig/provider_presets.hpp"
#include "save_to_sent/imap/client.hpp"

namespace mailblock::save_to_sent {

// The folder flagged \Sent (RFC 6154 SPECIAL-USE or XLIST), else the first existing of the usual names
// (Sent, Sent Items, Sent Messages, Отправленные, [Gmail]/Sent Mail; also under "INBOX."), else nullopt.
std::optional<imap::Mailbox> findSentFolder(const std::vector<imap::Mailbox>& boxes);

// The same for drafts: the folder flagged \Drafts, else Drafts, Черновики, [Gmail]/Drafts (also under "INBOX.").
std::optional<imap::Mailbox> findDraftsFolder(const std::vector<imap::Mailbox>& boxes);
// A folder by its UTF-8 name (case-insensitive for INBOX only, exact otherwise).
std::optional<imap::Mailbox> findFolder(const std::vector<imap::Mailbox>& boxes, const std::string& name);

// The IMAP server for an SMTP host: the provider preset's first one, with its port and security
// (smtp.yandex.ru -> imap.yandex.ru, ..., smtp-mail.outlook.com -> outlook.office365.com); otherwise the host
// alone, "smtp.X" -> "imap.X" or the same host, with port 0 (the ports decide) and `preset` null.
struct ImapGuess {
    common::autoconfig::ServerSetting setting;
    const common::autoconfig::ProviderPreset* preset = nullptr;
};
ImapGuess imapServerFor(const std::string& smtp_host);

// Providers whose servers file a copy of every message sent through their SMTP themselves (Gmail, Outlook /
// Office 365; "files_sent_copy" in data/providers.json): appending another copy would make a duplicate.
bool providerFilesSentCopy(const std::string& host);

}  // namespace mailblock::save_to_sent
