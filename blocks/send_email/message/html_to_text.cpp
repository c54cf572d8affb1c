#include "send_email/message/html_to_text.hpp"

#include "mailblock/sdk/ascii.hpp"
#include "send_email/message/html_images.hpp"

#include "mailblock/sdk/utf8.hpp"

#include <algorithm>
#include <cstdlib>

namespace mailblock::message {

namespace {

// "&amp;" at text[i] -> appends "&" and returns the characters consumed (0 if not an entity).
size_t entity(const std::string& text, size_t i, std::string& out) {
    size_t semi = text.find(';', i);
    if (semi == std::string::npos || semi - i > 10) return 0;
    std::string name = text.substr(i + 1, semi - i - 1);
    static const std::pair<const char*, const char*> named[] = {
        {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "},
        {"laquo", "«"}, {"raquo", "»"}, {"mdash", "—"}, {"ndash", "–"}, {"hellip", "…"}, {"copy", "©"}};
    for (const auto& [n, v] : named)
        if (name == n) {
            out += v;
            return semi - i + 1;
        }
    if (name.size() > 1 && name[0] == '#') {
        bool hex = name[1] == 'x' || name[1] == 'X';
        char* end = nullptr;
        unsigned long cp = std::strtoul(name.c_str() + (hex ? 2 : 1), &end, hex ? 16 : 10);
        if (end && *end == '\0') {
            mailblock::sdk::utf8::append(out, cp == 0 ? 0xFFFD : static_cast<uint32_t>(std::min(cp, 0x110000UL)));
            return semi - i + 1;
        }
    }
    return 0;
}

}  // namespace

std::string htmlToText(const std::string& html) {
    std::string out, href;
    size_t link_start = std::string::npos;
    for (size_t i = 0; i < html.size();) {
        char c = html[i];
        if (c == '<') {
            size_t close = html.find('>', i);
            if (close == std::string::npos) break;
            std::string tag = sdk::ascii::lower(html.substr(i + 1, close - i - 1));
            std::string name = tag.substr(0, tag.find_first_of(" \t\r\n/", tag[0] == '/' ? 1 : 0));
            if (name == "script" || name == "style") {
                size_t end = sdk::ascii::lower(html).find("</" + name, close);
                i = end == std::string::npos ? html.size() : html.find('>', end) + 1;
                continue;
            }
            if (name == "br" || name == "/p" || name == "/div" || name == "/tr" || name == "/li" || name == "/table" ||
                (name.size() == 3 && name[0] == '/' && name[1] == 'h' && std::isdigit(static_cast<unsigned char>(name[2]))))
                out += '\n';
            else if (name == "li") out += "- ";
            else if (name == "td" || name == "th") out += ' ';
            else if (name == "img") {  // the text alternative shows what the image says
                if (std::string alt = attributeValue(html.substr(i + 1, close - i - 1), "alt"); !alt.empty()) out += "[" + alt + "]";
            } else if (name == "a") {
                href = attributeValue(html.substr(i + 1, close - i - 1), "href");
                link_start = out.size();
            } else if (name == "/a" && !href.empty() && link_start != std::string::npos) {
                if (out.substr(link_start) != href) out += " (" + href + ")";
                href.clear();
                link_start = std::string::npos;
            }
            i = close + 1;
            continue;
        }
        if (c == '&') {
            if (size_t n = entity(html, i, out)) {
                i += n;
                continue;
            }
        }
        // Source line breaks and tabs are layout, not content, in HTML.
        out += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
        ++i;
    }
    // Collapse runs of spaces, trim each line, and keep at most one empty line in a row.
    std::string text, line;
    int empty_run = 0;
    auto flush = [&] {
        size_t b = line.find_first_not_of(' ');
        line = b == std::string::npos ? "" : line.substr(b, line.find_last_not_of(' ') - b + 1);
        if (line.empty() && (++empty_run > 1 || text.empty())) return;
        if (!line.empty()) empty_run = 0;
        text += line + "\n";
    };
    for (char c : out) {
        if (c == '\n') {
            flush();
            line.clear();
        } else if (!(c == ' ' && !line.empty() && line.back() == ' ')) {
            line += c;
        }
    }
    flush();
    while (text.size() >= 2 && text.compare(text.size() - 2, 2, "\n\n") == 0) text.pop_back();
    return text;
}

}  // namespace mailblock::message
