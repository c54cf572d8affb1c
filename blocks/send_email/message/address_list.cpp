#include "send_email/message/address_list.hpp"

#include "common/i18n.hpp"
#include "common/idna.hpp"
#include "mailblock/sdk/ascii.hpp"
#include "mailblock/sdk/utf8.hpp"

#include <Poco/TextIterator.h>
#include <Poco/UTF8Encoding.h>

#include <algorithm>
#include <cctype>

namespace mailblock::message {

namespace {

// RFC 5322 atext: the characters a dot-atom local part may use.
bool atext(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+/=?^_`{|}~-").find(c) != std::string_view::npos;
}

std::string shown(std::string_view s) {
    std::string out;
    for (char c : s) out += (c == '\r' || c == '\n' || c == '\0') ? ' ' : c;
    return "\"" + out + "\"";
}

bool validUtf8(const std::string& text) {
    Poco::UTF8Encoding utf8;
    for (Poco::TextIterator it(text, utf8), end(text); it != end; ++it)
        if (*it < 0 || (*it >= 0x80 && *it < 0xA0)) return false;  // invalid, or a C1 control character
    return true;
}

// Splits at separators that are outside quotes and angle brackets.
std::vector<std::string> splitItems(std::string_view text) {
    std::vector<std::string> items;
    std::string current;
    bool quoted = false, angle = false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted && c == '\\' && i + 1 < text.size()) {
            current += c;
            current += text[++i];
            continue;
        }
        if (c == '"') quoted = !quoted;
        else if (!quoted && c == '<') angle = true;
        else if (!quoted && c == '>') angle = false;
        if (!quoted && !angle && (c == ';' || c == ',' || c == '\n')) {
            items.push_back(current);
            current.clear();
            continue;
        }
        current += c;
    }
    items.push_back(current);
    return items;
}

std::string unquote(const std::string& name) {
    if (name.size() < 2 || name.front() != '"' || name.back() != '"') return name;
    std::string out;
    for (size_t i = 1; i + 1 < name.size(); ++i) {
        if (name[i] == '\\' && i + 2 < name.size()) ++i;
        out += name[i];
    }
    return out;
}

}  // namespace

std::string validateAddress(std::string_view address, const std::string& lang) {
    std::string a(address);
    // "«a b@x.ru» — не адрес электронной почты (пробел внутри)": the address, then what is wrong, in the run's language.
    auto bad = [&](const std::string& ru, const std::string& en) {
        return common::tr(lang, shown(address) + " — " + ru, shown(address) + " " + en);
    };
    auto invalid = [&](const std::string& ru, const std::string& en) {
        return bad("не адрес электронной почты (" + ru + ")", "is not a valid email address (" + en + ")");
    };
    if (sdk::ascii::hasLineBreakOrNul(a))
        return bad("перевод строки или NUL внутри адреса", "has a line break or NUL inside the address");
    if (a.size() > 254) return bad("длиннее 254 символов", "is longer than 254 characters");
    size_t at = a.rfind('@');
    if (at == std::string::npos) return invalid("нет @", "no @");
    std::string local = a.substr(0, at), domain = a.substr(at + 1);
    if (local.empty()) return invalid("ничего до @", "nothing before the @");
    if (domain.empty()) return invalid("ничего после @", "nothing after the @");
    if (local.size() > 64) return bad("часть до @ длиннее 64 символов", "has a part before the @ longer than 64 characters");
    if (!isAscii(local) && !validUtf8(local)) return bad("часть до @ не в UTF-8", "has a part before the @ that is not valid UTF-8");
    if (!isAscii(domain)) return bad("домен должен быть записан в ASCII (punycode)", "needs the domain in its ASCII (punycode) form");
    if (local.front() == '"' && local.back() == '"' && local.size() >= 2) {
        for (size_t i = 1; i + 1 < local.size(); ++i)
            if (static_cast<unsigned char>(local[i]) < 0x20 || local[i] == 0x7F)
                return bad("управляющий символ в адресе", "has a control character in the address");
    } else {
        if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string::npos)
            return invalid("точка в начале, в конце или две подряд", "dots at an end or two in a row");
        // RFC 6531 3.3: beyond ASCII's atext, any UTF-8 character (such an address needs SMTPUTF8).
        for (char c : local) {
            if (c == ' ') return invalid("пробел внутри", "a space inside");
            if (c != '.' && !atext(c) && static_cast<unsigned char>(c) < 0x80)
                return invalid(std::string("символ «") + c + "»", std::string("character '") + c + "'");
        }
    }
    if (domain.size() > 253) return bad("домен слишком длинный", "has a domain that is too long");
    size_t start = 0;
    while (true) {
        size_t dot = domain.find('.', start);
        std::string label = domain.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        bool ok = !label.empty() && label.size() <= 63 && label.front() != '-' && label.back() != '-';
        for (char c : label) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-');
        if (!ok) return invalid("неверный домен", "domain");
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    if (domain.find('.') == std::string::npos && sdk::ascii::lower(domain) != "localhost")
        return invalid("в домене нет точки", "the domain has no dot");
    return {};
}

bool isAscii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string prepareAddress(std::string& address, const std::string& lang) {
    address = sdk::utf8::trimmed(address);
    size_t at = address.rfind('@');
    if (at != std::string::npos && !sdk::ascii::hasLineBreakOrNul(address)) {
        const std::string domain = address.substr(at + 1);
        if (!isAscii(domain)) {
            common::AsciiDomain d = common::domainToAscii(domain);
            if (!d.error.empty())
                return common::tr(lang, shown(address) + " — домен нельзя записать в ASCII (" + d.error + ")",
                                  shown(address) + ": the domain cannot be written in ASCII (" + d.error + ")");
            address = address.substr(0, at + 1) + d.domain;
        }
    }
    return validateAddress(address, lang);
}

AddressList parseAddressList(std::string_view text, const std::string& lang) {
    AddressList result;
    std::vector<std::string> seen;
    for (const std::string& raw : splitItems(text)) {
        std::string item = sdk::utf8::trimmed(raw);
        if (item.empty()) continue;
        Mailbox mb;
        size_t lt = item.rfind('<');
        if (lt != std::string::npos && item.back() == '>') {
            mb.name = unquote(sdk::utf8::trimmed(item.substr(0, lt)));
            mb.address = sdk::utf8::trimmed(item.substr(lt + 1, item.size() - lt - 2));
        } else if (item.find('<') != std::string::npos || item.find('>') != std::string::npos) {
            result.errors.push_back(common::tr(lang, shown(item) + " — непарные < >", shown(item) + ": unbalanced < >"));
            continue;
        } else {
            mb.address = item;
        }
        if (sdk::ascii::hasLineBreakOrNul(mb.name)) {
            result.errors.push_back(common::tr(lang, shown(item) + " — перевод строки или NUL в имени",
                                               shown(item) + ": a line break or NUL inside a name"));
            continue;
        }
        if (std::string err = prepareAddress(mb.address, lang); !err.empty()) {
            result.errors.push_back(err);
            continue;
        }
        std::string key = sdk::ascii::lower(mb.address);
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
        seen.push_back(key);
        result.mailboxes.push_back(std::move(mb));
        if (result.mailboxes.size() > kMaxRecipients) {
            result.errors.push_back(common::tr(lang, "больше " + std::to_string(kMaxRecipients) + " адресов",
                                               "more than " + std::to_string(kMaxRecipients) + " addresses"));
            break;
        }
    }
    return result;
}

}  // namespace mailblock::message
