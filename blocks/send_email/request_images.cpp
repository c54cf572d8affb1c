// «Встроенные изображения»: images the HTML shows by Content-ID, and local files in <img src> embedded on their own.
#include <fmt/format.h>

#include <algorithm>

#include "common/i18n.hpp"
#include "send_email/descriptor.hpp"
#include "send_email/message/attachment_part.hpp"
#include "send_email/message/html_images.hpp"
#include "send_email/request_features.hpp"

namespace mailblock::send_email {

using common::tr;
using sdk::Value;
using sdk::ValueType;

void readInlineImages(const sdk::Context& ctx, SendRequest& r, const Problem& problem) {
    message::MessageSpec& m = r.message;
    const std::string& lang = ctx.language();
    const Value v = ctx.input(port::kInlineImages);
    const bool given = isMap(v) && !v.members().empty();
    if (!m.html) {
        if (given) problem(port::kInlineImages, tr(lang, "нужно HTML-письмо", "needs an HTML message"));
        return;
    }
    std::vector<message::InlineImage> images = message::embedLocalImages(m.body, m.message_id);
    const std::vector<std::string> sources = message::imageSources(m.body);
    auto used = [&](const std::string& cid) {
        return std::find(sources.begin(), sources.end(), "cid:" + cid) != sources.end();
    };
    if (given)
        for (const auto& e : v.members()) {
            std::string cid = e.key;
            if (cid.size() >= 2 && cid.front() == '<' && cid.back() == '>') cid = cid.substr(1, cid.size() - 2);
            if (e.value.type() != ValueType::Text || e.value.asText().empty() || cid.empty() ||
                cid.find_first_of(std::string("<>\r\n \0", 6)) != std::string::npos) {
                problem(port::kInlineImages, tr(lang, "«" + e.key + "»: нужен Content-ID без пробелов и путь к файлу",
                                                "\"" + e.key + "\": needs a Content-ID without spaces and a file path"));
                continue;
            }
            if (!used(cid)) {
                r.warnings.push_back(
                    tr(lang, fmt::format("встроенное изображение «{0}» не используется в HTML (нет src=\"cid:{0}\"): оно не отправлено", cid),
                       fmt::format("inline image \"{0}\" is not used in the HTML (no src=\"cid:{0}\"): it is left out", cid)));
                continue;
            }
            const std::string& path = e.value.asText();
            images.push_back({cid, {path.substr(path.find_last_of('/') + 1), path, "", ""}});
        }
    for (const auto& src : sources)
        if (src.rfind("cid:", 0) == 0 &&
            std::none_of(images.begin(), images.end(), [&](const message::InlineImage& i) { return "cid:" + i.content_id == src; }))
            r.warnings.push_back(tr(lang, "в HTML есть <img src=\"" + src + "\">, но такого встроенного изображения нет",
                                    "the HTML has <img src=\"" + src + "\"> but no such inline image is given"));
    std::vector<message::Attachment> files;
    files.reserve(images.size());
    for (const auto& i : images) files.push_back(i.file);
    for (const auto& err : message::checkAttachments(files, lang)) problem(port::kInlineImages, err);
    m.inline_images = std::move(images);
}

}  // namespace mailblock::send_email
