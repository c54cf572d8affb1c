#include "send_email/smtp/smtp_reply.hpp"

#include "mailblock/sdk/ascii.hpp"
#include "mailblock/sdk/utf8.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace mailblock::send_email::smtp {

namespace {

// "5.7.8 rest" -> 5, the length of "5.7.8": class.subject.detail, each 1-3 digits, class 2/4/5; 0 for none.
size_t enhancedPrefix(std::string_view text) {
    size_t i = 0;
    auto digits = [&](size_t max) {
        size_t start = i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && i - start < max) ++i;
        return i - start;
    };
    if (text.empty() || (text[0] != '2' && text[0] != '4' && text[0] != '5')) return 0;
    if (digits(1) != 1 || i >= text.size() || text[i++] != '.') return 0;
    if (digits(3) == 0 || i >= text.size() || text[i++] != '.') return 0;
    if (digits(3) == 0) return 0;
    if (i < text.size() && text[i] != ' ') return 0;
    return i;
}

}  // namespace

std::string Reply::summary() const {
    std::string s = std::to_string(code);
    if (!enhanced.empty()) s += " " + enhanced;
    std::string flat = text;
    std::replace(flat.begin(), flat.end(), '\n', ' ');
    if (!flat.empty()) s += " " + flat;
    return s;
}

Reply parseReply(int status, const std::string& lines) {
    Reply r;
    r.code = status;
    // Server text reaches outputs, logs and --json: a legacy server's Windows-1251 is decoded, junk made visible.
    const std::string decoded = sdk::utf8::fromServer(lines);
    const std::string_view text = decoded;
    bool first = true;
    for (size_t start = 0; start < text.size();) {  // a line at a time, as getline splits them
        size_t end = std::min(text.find('\n', start), text.size());
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        // Strip "250-" / "250 " when the line carries its code.
        if (line.size() >= 3 && std::isdigit(static_cast<unsigned char>(line[0])) &&
            std::isdigit(static_cast<unsigned char>(line[1])) && std::isdigit(static_cast<unsigned char>(line[2])) &&
            (line.size() == 3 || line[3] == '-' || line[3] == ' '))
            line.remove_prefix(std::min<size_t>(4, line.size()));
        if (const size_t enh = enhancedPrefix(line)) {
            if (r.enhanced.empty()) r.enhanced = std::string(line.substr(0, enh));
            line.remove_prefix(std::min(enh + 1, line.size()));
        }
        if (!first) r.text += '\n';
        r.text += line;
        first = false;
    }
    return r;
}

bool Capabilities::offersAuth(const std::string& mechanism) const {
    return std::find(auth.begin(), auth.end(), sdk::ascii::upper(mechanism)) != auth.end();
}

Capabilities parseCapabilities(const Reply& ehlo) {
    Capabilities caps;
    std::istringstream in(ehlo.text);
    std::string line;
    std::getline(in, line);  // the first line is the server's greeting name
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string keyword;
        words >> keyword;
        keyword = sdk::ascii::upper(keyword);
        if (keyword == "STARTTLS") caps.starttls = true;
        else if (keyword == "PIPELINING") caps.pipelining = true;
        else if (keyword == "8BITMIME") caps.eight_bit_mime = true;
        else if (keyword == "SMTPUTF8") caps.smtputf8 = true;
        else if (keyword == "DSN") caps.dsn = true;
        else if (keyword == "SIZE") {
            uint64_t n = 0;
            caps.size = (words >> n) ? n : 0;
        } else if (keyword == "AUTH" || keyword.rfind("AUTH=", 0) == 0) {
            // "AUTH=PLAIN LOGIN" is the old form some servers still send.
            std::vector<std::string> mechanisms;
            if (keyword.size() > 5) mechanisms.push_back(keyword.substr(5));
            for (std::string m; words >> m;) mechanisms.push_back(sdk::ascii::upper(m));
            for (const auto& m : mechanisms)
                if (std::find(caps.auth.begin(), caps.auth.end(), m) == caps.auth.end()) caps.auth.push_back(m);
        }
    }
    return caps;
}

}  // namespace mailblock::send_email::smtp
