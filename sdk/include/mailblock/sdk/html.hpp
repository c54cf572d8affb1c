// Text placed in HTML: the one escaper of help pages and of templates' values.
#pragma once

#include <string>
#include <string_view>

namespace mailblock::sdk {

// & < > " and ' as entities: safe between tags and inside attribute values of either quote.
inline std::string escapeHtml(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace mailblock::sdk
