#include "send_email/message/template.hpp"

#include <algorithm>

#include "mailblock/sdk/html.hpp"

namespace mailblock::message {

FilledTemplate fillTemplate(const std::string& text, const std::map<std::string, std::string>& values, bool html) {
    FilledTemplate r;
    size_t from = 0;
    while (true) {
        size_t open = text.find("{{", from);
        if (open == std::string::npos) break;
        size_t close = text.find("}}", open + 2);
        if (close == std::string::npos) {
            r.unclosed = true;
            break;
        }
        r.text.append(text, from, open - from);
        std::string name = text.substr(open + 2, close - open - 2);
        name.erase(0, name.find_first_not_of(" \t"));
        name.erase(name.find_last_not_of(" \t") + 1);
        if (auto it = values.find(name); it != values.end()) {
            r.text += html ? sdk::escapeHtml(it->second) : it->second;
        } else if (std::find(r.missing.begin(), r.missing.end(), name) == r.missing.end()) {
            r.missing.push_back(name);
        }
        from = close + 2;
    }
    r.text.append(text, from, std::string::npos);
    return r;
}

}  // namespace mailblock::message
