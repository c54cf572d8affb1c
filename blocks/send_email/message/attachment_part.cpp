#include "send_email/message/attachment_part.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>

#include "common/i18n.hpp"
#include "send_email/message/body_encoding.hpp"
#include "send_email/message/content_type.hpp"
#include "send_email/message/header_encoding.hpp"

namespace mailblock::message {


namespace {

// RFC 2231 attribute-char: ASCII printable except space, *, ', %, and the RFC 2045 tspecials.
bool attributeChar(unsigned char c) {
    return c > 0x20 && c < 0x7F && std::string("*'%()<>@,;:\\\"/[]?=").find(static_cast<char>(c)) == std::string::npos;
}

// filename*0*=UTF-8''...; filename*1*=... with no line over 78 and no %XX split across segments.
void rfc2231(HeaderField& f, const std::string& param, const std::string& value) {
    static const char* hex = "0123456789ABCDEF";
    std::vector<std::string> pieces;  // one character's encoding each, so segments break between characters
    for (size_t i = 0; i < value.size();) {
        size_t n = utf8Prefix(value, i, 4);
        if (n == 0) n = 1;
        std::string enc;
        for (size_t k = i; k < i + n; ++k) {
            unsigned char c = static_cast<unsigned char>(value[k]);
            enc += attributeChar(c) ? std::string(1, static_cast<char>(c)) : std::string{'%', hex[c >> 4], hex[c & 15]};
        }
        pieces.push_back(enc);
        i += n;
    }
    std::vector<std::string> segments(1);
    for (const auto& p : pieces) {
        if (segments.back().size() + p.size() > 48) segments.emplace_back();
        segments.back() += p;
    }
    for (size_t s = 0; s < segments.size(); ++s) {
        std::string t = param + "*" + std::to_string(s) + "*=" + (s == 0 ? "UTF-8''" : "") + segments[s];
        if (s + 1 < segments.size()) t += ';';
        f.token(t);
    }
}

std::string partHeaders(const Attachment& a, const char* disposition);

std::string quotedParam(const std::string& param, const std::string& value) {
    std::string q = param + "=\"";
    for (char c : value) {
        if (c == '"' || c == '\\') q += '\\';
        q += c;
    }
    return q + "\"";
}

}  // namespace

std::vector<std::string> checkAttachments(const std::vector<Attachment>& attachments, const std::string& lang) {
    std::vector<std::string> problems;
    for (const auto& a : attachments) {
        if (a.path.empty()) continue;  // bytes given by an earlier block
        struct stat st {};
        const std::string file = "\"" + a.path + "\"";
        if (::stat(a.path.c_str(), &st) != 0)
            problems.push_back(common::tr(lang, "файла " + file + " нет", "file " + file + " does not exist"));
        else if (!S_ISREG(st.st_mode))
            problems.push_back(common::tr(lang, file + " — не обычный файл", file + " is not a regular file"));
        else if (::access(a.path.c_str(), R_OK) != 0)
            problems.push_back(common::tr(lang, "файл " + file + " нельзя прочитать (права доступа)",
                                          "file " + file + " cannot be read (permissions)"));
    }
    return problems;
}

std::string attachmentHeaders(const Attachment& a) { return partHeaders(a, "attachment"); }

Part inlinePart(const InlineImage& image) {
    requireSingleLine(image.content_id, "Content-ID");
    Part p = attachmentPart(image.file);
    p.headers = partHeaders(image.file, "inline") + "Content-ID: <" + image.content_id + ">\r\n";
    return p;
}

namespace {

std::string partHeaders(const Attachment& a, const char* disposition) {
    requireSingleLine(a.display_name, "attachment name \"" + a.display_name + "\"");
    requireSingleLine(a.content_type, "content type of \"" + a.display_name + "\"");
    const std::string type = a.content_type.empty() ? contentTypeFor(a.display_name) : a.content_type;
    bool simple = isPrintableAscii(a.display_name) && a.display_name.size() <= 50 &&
                  a.display_name.find("=?") == std::string::npos;
    HeaderField ct("Content-Type");
    ct.token(type + ";");
    if (simple) {
        ct.token(quotedParam("name", a.display_name));
    } else {
        // An RFC 2047 word inside the quoted name parameter is not standard, but it is what Outlook and
        // Gmail read; standard readers take filename* from Content-Disposition first.
        std::vector<std::string> words = encodedWords(a.display_name, 64);
        words.front() = "name=\"" + words.front();
        words.back() += "\"";
        for (const auto& w : words) ct.token(w);
    }
    HeaderField cd("Content-Disposition");
    cd.token(std::string(disposition) + ";");
    if (simple) cd.token(quotedParam("filename", a.display_name));
    else rfc2231(cd, "filename", a.display_name);
    return ct.str() + cd.str() + "Content-Transfer-Encoding: base64\r\n";
}

}  // namespace

Part attachmentPart(const Attachment& a) {
    Part p;
    p.headers = attachmentHeaders(a);
    if (a.path.empty()) p.body = encodeBase64Body(a.content);
    else p.file = a.path;
    return p;
}

}  // namespace mailblock::message
