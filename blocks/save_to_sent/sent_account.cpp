#include "save_to_sent/sent_account.hpp"

#include <algorithm>
#include <vector>

#include "common/autoconfig/provider_presets.hpp"
#include "mailblock/sdk/ascii.hpp"
#include "save_to_sent/account_login.hpp"
#include "save_to_sent/sent_folder.hpp"

namespace mailblock::save_to_sent {

using sdk::Value;

namespace {

std::string normalHost(std::string host) {
    host = sdk::ascii::lower(host);
    if (!host.empty() && host.back() == '.') host.pop_back();
    return host;
}

bool addressLiteral(const std::string& host) {
    return host.find(':') != std::string::npos || host.find_first_not_of("0123456789.") == std::string::npos;
}

// "co.uk", "com.ru", "org.au": a second-level name under a country code that anyone can register below.
bool sharedSuffix(const std::string& domain) {
    size_t dot = domain.find('.');
    if (dot == std::string::npos || domain.size() - dot - 1 != 2) return false;
    static const std::vector<std::string> kShared = {"ac",  "co",  "com", "edu", "gov", "net",
                                                     "org", "ltd", "plc", "nom", "msk", "spb"};
    return std::find(kShared.begin(), kShared.end(), domain.substr(0, dot)) != kShared.end();
}

bool sameHost(const std::string& a, const std::string& b) { return !a.empty() && normalHost(a) == normalHost(b); }

}  // namespace

std::string serverDomain(const std::string& host) {
    std::string h = normalHost(host);
    if (addressLiteral(h) || std::count(h.begin(), h.end(), '.') < 2) return h;
    std::string parent = h.substr(h.find('.') + 1);
    return sharedSuffix(parent) ? h : parent;
}

bool imapServerOfAccount(const Value& account, const std::string& imap_host) {
    const std::string smtp = account.textOf("server");
    if (smtp.empty() || imap_host.empty()) return false;
    if (const Value* imap = account.find("imap"); imap && sameHost(imap->textOf("server"), imap_host)) return true;
    if (const auto* preset = common::autoconfig::presetForHost(smtp))
        for (const auto& s : preset->imap)
            if (sameHost(s.host, imap_host)) return true;
    const std::string domain = serverDomain(smtp), host = normalHost(imap_host);
    if (host == domain) return true;
    return !addressLiteral(domain) && host.size() > domain.size() &&
           host.compare(host.size() - domain.size() - 1, std::string::npos, "." + domain) == 0;
}

bool serverFiledOwnCopy(const Value& account, const std::string& imap_host, const std::string& login) {
    return providerFilesSentCopy(account.textOf("server")) && imapServerOfAccount(account, imap_host) &&
           isAccountLogin(account, login);
}

}  // namespace mailblock::save_to_sent
