#include "save_to_sent/account_login.hpp"

#include "mailblock/sdk/ascii.hpp"

namespace mailblock::save_to_sent {

namespace {

std::string imapLogin(const sdk::Value& account) {
    const sdk::Value* imap = account.find("imap");
    return imap && imap->type() == sdk::ValueType::Dictionary ? imap->textOf("login") : std::string();
}

}  // namespace

std::string accountLogin(const sdk::Value& account) {
    std::string imap = imapLogin(account);
    return imap.empty() ? account.textOf("login") : imap;
}

bool isAccountLogin(const sdk::Value& account, const std::string& login) {
    const std::string l = sdk::ascii::lower(login);
    return !l.empty() && (l == sdk::ascii::lower(account.textOf("login")) || l == sdk::ascii::lower(imapLogin(account)));
}

}  // namespace mailblock::save_to_sent
