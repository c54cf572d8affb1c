#include "send_email/message/html_images.hpp"

#include <cctype>
#include <map>

#include "mailblock/sdk/ascii.hpp"

namespace mailblock::message {

namespace {

// Each <img ...> tag: where its src value starts and ends in `html` (npos when it has none).
struct ImgTag {
    size_t value_begin = std::string::npos, value_end = std::string::npos;
};

std::vector<ImgTag> imgTags(const std::string& html) {
    std::vector<ImgTag> out;
    const std::string lower = sdk::ascii::lower(html);
    for (size_t at = lower.find("<img"); at != std::string::npos; at = lower.find("<img", at + 4)) {
        size_t close = lower.find('>', at);
        if (close == std::string::npos) break;
        if (!std::isspace(static_cast<unsigned char>(lower[at + 4])) && lower[at + 4] != '/') continue;
        ImgTag t;
        for (size_t s = lower.find("src", at + 4); s != std::string::npos && s < close; s = lower.find("src", s + 3)) {
            size_t eq = lower.find_first_not_of(" \t\r\n", s + 3);
            if (!std::isspace(static_cast<unsigned char>(lower[s - 1])) || eq >= close || lower[eq] != '=') continue;
            size_t v = lower.find_first_not_of(" \t\r\n", eq + 1);
            if (v >= close) break;
            char q = lower[v];
            if (q == '"' || q == '\'') {
                t.value_begin = v + 1;
                t.value_end = std::min(lower.find(q, v + 1), close);
            } else {
                t.value_begin = v;
                t.value_end = std::min(lower.find_first_of(" \t\r\n>", v), close);
            }
            break;
        }
        out.push_back(t);
    }
    return out;
}

// "file:///a%20b.png" -> "/a b.png"; "/a.png" stays; "" when `src` is not a local file.
std::string localPath(const std::string& src) {
    std::string path;
    if (sdk::ascii::lower(src.substr(0, 7)) == "file://") path = src.substr(7);
    else if (!src.empty() && src[0] == '/' && src.rfind("//", 0) != 0) path = src;
    else return {};
    std::string out;
    for (size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '%' && i + 2 < path.size() && std::isxdigit(static_cast<unsigned char>(path[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(path[i + 2]))) {
            out += static_cast<char>(std::stoi(path.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += path[i];
        }
    }
    return out;
}

}  // namespace

std::string attributeValue(const std::string& tag, const std::string& name) {
    const std::string lower = sdk::ascii::lower(tag);
    for (size_t s = lower.find(name); s != std::string::npos; s = lower.find(name, s + 1)) {
        if (s == 0 || !std::isspace(static_cast<unsigned char>(lower[s - 1]))) continue;
        size_t eq = lower.find_first_not_of(" \t\r\n", s + name.size());
        if (eq == std::string::npos || lower[eq] != '=') continue;
        size_t v = lower.find_first_not_of(" \t\r\n", eq + 1);
        if (v == std::string::npos) return {};
        char q = tag[v];
        if (q == '"' || q == '\'') return tag.substr(v + 1, tag.find(q, v + 1) - v - 1);
        return tag.substr(v, tag.find_first_of(" \t\r\n/", v) - v);
    }
    return {};
}

std::vector<std::string> imageSources(const std::string& html) {
    std::vector<std::string> out;
    for (const auto& t : imgTags(html))
        if (t.value_begin != std::string::npos) out.push_back(html.substr(t.value_begin, t.value_end - t.value_begin));
    return out;
}

std::vector<InlineImage> embedLocalImages(std::string& html, const std::string& message_id) {
    std::vector<InlineImage> images;
    std::map<std::string, std::string> cid_of;  // path -> content id
    std::string out;
    size_t copied = 0;
    for (const auto& t : imgTags(html)) {
        if (t.value_begin == std::string::npos) continue;
        const std::string path = localPath(html.substr(t.value_begin, t.value_end - t.value_begin));
        if (path.empty()) continue;
        auto [it, fresh] = cid_of.emplace(path, "img" + std::to_string(cid_of.size() + 1) + "." + message_id);
        if (fresh) images.push_back({it->second, {path.substr(path.find_last_of('/') + 1), path, "", ""}});
        out.append(html, copied, t.value_begin - copied);
        out += "cid:" + it->second;
        copied = t.value_end;
    }
    html = out + html.substr(copied);
    return images;
}

}  // namespace mailblock::message
