// The account a message was sent through, as Save to Sent may use it: which IMAP servers belong to it (and so may
// get its password or token), and whether its server already filed a copy of the message itself.
#pragma once

#include <string>

#include "mailblock/sdk/value.hpp"

namespace mailblock::save_to_sent {

// The domain a server host stands for: "smtp.company.ru" -> "company.ru"; a host with two labels or fewer, an
// address literal, or one whose parent is a shared suffix like "co.uk" or "com.ru" stands only for itself.
std::string serverDomain(const std::string& host);

// Whether `imap_host` is an IMAP server of the account in `account` (the Sent message's account: server, imap):
// the IMAP server Send email's auto-setup found, one of the SMTP server's provider preset, or a host in the SMTP
// server's own domain (serverDomain). Never true for an account without an SMTP server.
bool imapServerOfAccount(const sdk::Value& account, const std::string& imap_host);

// Store a copy = Auto: the message went through a provider's SMTP server that files a copy of everything it
// sends (Gmail, Outlook; data/providers.json "files_sent_copy") and is being saved into that same mailbox (one
// of the account's IMAP servers, the same login). A message sent through any other server is stored: the
// Message-ID search already keeps a second copy out.
bool serverFiledOwnCopy(const sdk::Value& account, const std::string& imap_host, const std::string& login);

}  // namespace mailblock::save_to_sent
