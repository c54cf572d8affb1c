#include "send_email/message/address_list.hpp"

#include "common/idna.hpp"
#include "mailblock/sdk/ascii.hpp"

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

std::string validateAddress(std::string_view address) {
    std::string a(address);
    if (a.find_first_of(std::string("\r\n\0", 3)) != std::string::npos) return shown(address) + ": a line break or NUL inside an address";
    if (a.size() > 254) return shown(address) + " is longer than 254 characters";
    size_t at = a.rfind('@');
    if (at == std::string::npos) return shown(address) + " is not a valid email address (no @)";
    std::string local = a.substr(0, at), domain = a.substr(at + 1);
    if (local.empty() || domain.empty()) return shown(address) + " is not a valid email address";
    if (local.size() > 64) return shown(address) + ": the part before @ is longer than 64 characters";
    if (!isAscii(local) && !validUtf8(local)) return shown(address) + ": the part before @ is not valid UTF-8";
    if (!isAscii(domain)) return shown(address) + ": the domain must be in its ASCII (punycode) form";
    if (local.front() == '"' && local.back() == '"' && local.size() >= 2) {
        for (size_t i = 1; i + 1 < local.size(); ++i)
            if (static_cast<unsigned char>(local[i]) < 0x20 || local[i] == 0x7F)
                return shown(address) + ": a control character in the address";
    } else {
        if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string::npos)
            return shown(address) + " is not a valid email address (dots)";
        // RFC 6531 3.3: beyond ASCII's atext, any UTF-8 character (such an address needs SMTPUTF8).
        for (char c : local)
            if (c != '.' && !atext(c) && static_cast<unsigned char>(c) < 0x80)
                return shown(address) + " is not a valid email address (character '" + std::string(1, c) + "')";
    }
    if (domain.size() > 253) return shown(address) + ": the domain is too long";
    size_t start = 0;
    while (true) {
        size_t dot = domain.find('.', start);
        std::string label = domain.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
            return shown(address) + " is not a valid email address (domain)";
        for (char c : label)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-')
                return shown(address) + " is not a valid email address (domain)";
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    if (domain.find('.') == std::string::npos && sdk::ascii::lower(domain) != "localhost")
        return shown(address) + " is not a valid email address (the domain has no dot)";
    return {};
}

bool isAscii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string prepareAddress(std::string& address) {
    size_t at = address.rfind('@');
    if (at != std::string::npos && address.find_first_of(std::string("\r\n\0", 3)) == std::string::npos) {
        const std::string domain = address.substr(at + 1);
        if (!isAscii(domain)) {
            common::AsciiDomain d = common::domainToAscii(domain);
            if (!d.error.empty()) return shown(address) + ": the domain cannot be written in ASCII (" + d.error + ")";
            address = address.substr(0, at + 1) + d.domain;
        }
    }
    return validateAddress(address);
}

AddressList parseAddressList(std::string_view text) {
    AddressList result;
    std::vector<std::string> seen;
    for (const std::string& raw : splitItems(text)) {
        std::string item = sdk::ascii::trim(raw);
        if (item.empty()) continue;
        Mailbox mb;
        size_t lt = item.rfind('<');
        if (lt != std::string::npos && item.back() == '>') {
            mb.name = unquote(sdk::ascii::trim(item.substr(0, lt)));
            mb.address = sdk::ascii::trim(item.substr(lt + 1, item.size() - lt - 2));
        } else if (item.find('<') != std::string::npos || item.find('>') != std::string::npos) {
            result.errors.push_back(shown(item) + ": unbalanced < >");
            continue;
        } else {
            mb.address = item;
        }
        if (mb.name.find_first_of(std::string("\r\n\0", 3)) != std::string::npos) {
            result.errors.push_back(shown(item) + ": a line break or NUL inside a name");
            continue;
        }
        if (std::string err = prepareAddress(mb.address); !err.empty()) {
            result.errors.push_back(err);
            continue;
        }
        std::string key = sdk::ascii::lower(mb.address);
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
        seen.push_back(key);
        result.mailboxes.push_back(std::move(mb));
        if (result.mailboxes.size() > kMaxRecipients) {
            result.errors.push_back("more than " + std::to_string(kMaxRecipients) + " addresses");
            break;
        }
    }
    return result;
}

}  // namespace mailblock::message
