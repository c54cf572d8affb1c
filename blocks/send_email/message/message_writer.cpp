#include "send_email/message/message_writer.hpp"

#include <Poco/MD5Engine.h>
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <random>

#include "send_email/message/attachment_part.hpp"
#include "send_email/message/body_encoding.hpp"
#include "send_email/message/feature_headers.hpp"
#include "send_email/message/header_encoding.hpp"
#include "send_email/message/html_to_text.hpp"

namespace mailblock::message {


namespace {

// Random bits for Message-IDs: the kernel's generator is read once per process (a 64-bit seed), then each call
// mixes a new step of a shared counter (splitmix64): lock-free, so no thread and no message opens the random
// device again. Uniqueness across processes comes from the seed with the time and counter in the ID.
uint64_t nextRandom() {
    static std::atomic<uint64_t> state{(static_cast<uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}() ^
                                       static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count())};
    uint64_t z = state.fetch_add(0x9e3779b97f4a7c15ULL, std::memory_order_relaxed) + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::string randomHex(size_t digits) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    while (out.size() < digits) {
        uint64_t v = nextRandom();
        for (int i = 0; i < 16 && out.size() < digits; ++i, v >>= 4) out += hex[v & 15];
    }
    return out;
}

// "=_" never occurs in base64 or quoted-printable output, so such a boundary cannot collide with encoded
// content; in a 7bit text part 96 bits of a hash of the unique Message-ID make a clash practically impossible.
// Derived, not random: writing the same message twice (sizing it, then sending it) gives the same bytes.
std::string boundaryFor(const MessageSpec& spec, const char* part) {
    Poco::MD5Engine md5;
    md5.update(spec.message_id + "/" + part);
    return "=_mb_" + Poco::DigestEngine::digestToHex(md5.digest()).substr(0, 24);
}

Part makeTextPart(const std::string& subtype, const std::string& text) {
    EncodedBody body = encodeBody(normalizeLineEnds(text));
    Part p;
    p.headers = "Content-Type: text/" + subtype + "; charset=utf-8\r\nContent-Transfer-Encoding: " +
                body.transfer_encoding + "\r\n";
    p.body = std::move(body.text);
    return p;
}

// A mailing sends the same body with every row: the last plain and the last HTML part made on this thread are
// kept, and the same text again gets a copy instead of being scanned, normalized and encoded again (texts up to
// 1 MB are kept; the text is compared byte for byte).
Part textPart(const std::string& subtype, const std::string& text) {
    constexpr size_t kKeptUpTo = size_t{1} << 20;
    struct Made {
        std::string subtype, text;
        Part part;
    };
    thread_local std::optional<Made> last[2];
    std::optional<Made>& kept = last[subtype == "html" ? 1 : 0];
    if (kept && kept->subtype == subtype && kept->text == text) return kept->part;
    Part p = makeTextPart(subtype, text);
    if (text.size() <= kKeptUpTo) kept = Made{subtype, text, p};
    else kept.reset();
    return p;
}

Part multipart(const MessageSpec& spec, const char* subtype, std::vector<Part> children) {
    Part p;
    p.multipart = subtype;
    p.boundary = boundaryFor(spec, subtype);
    p.children = std::move(children);
    return p;
}

Part bodyPart(const MessageSpec& spec) {
    if (!spec.html) return textPart("plain", spec.body);
    Part html = textPart("html", spec.body);
    if (!spec.inline_images.empty()) {
        // Thunderbird's and Apple Mail's shape: the text alternative alone, the HTML with its images related.
        std::vector<Part> related{std::move(html)};
        for (const auto& image : spec.inline_images) related.push_back(inlinePart(image));
        html = multipart(spec, "related", std::move(related));
        html.multipart += "; type=\"text/html\"";
    }
    return multipart(spec, "alternative", {textPart("plain", htmlToText(spec.body)), std::move(html)});
}

std::string messageHeaders(const MessageSpec& spec) {
    requireSingleLine(spec.message_id, "Message-ID");
    requireSingleLine(spec.date, "Date");
    std::string h = "Date: " + spec.date + "\r\n";
    h += addressField("From", {spec.from});
    if (!spec.reply_to.empty()) h += addressField("Reply-To", spec.reply_to);
    if (!spec.to.empty()) h += addressField("To", spec.to);
    if (!spec.cc.empty()) h += addressField("Cc", spec.cc);
    h += unstructuredField("Subject", spec.subject);
    h += "Message-ID: <" + spec.message_id + ">\r\n";
    return h + featureHeaders(spec) + "MIME-Version: 1.0\r\n";
}

}  // namespace

Part messageTree(const MessageSpec& spec) {
    Part root = bodyPart(spec);
    if (!spec.attachments.empty()) {
        std::vector<Part> children{std::move(root)};
        for (const auto& a : spec.attachments) children.push_back(attachmentPart(a));
        root = multipart(spec, "mixed", std::move(children));
        root.preamble = "This is a multi-part message in MIME format.\r\n";
    }
    root.headers = messageHeaders(spec) + root.headers;
    return root;
}

void writeMessage(const MessageSpec& spec, std::ostream& out, const std::function<void(uint64_t)>& progress) {
    writePart(messageTree(spec), out, progress);
}

uint64_t messageSize(const MessageSpec& spec) { return partSize(messageTree(spec)); }

std::string messageIdDomain(const std::string& sender_address) {
    size_t at = sender_address.rfind('@');
    std::string domain = at == std::string::npos ? "" : sender_address.substr(at + 1);
    if (domain.empty() || !isPrintableAscii(domain) || domain.find_first_of("<>\" ") != std::string::npos)
        domain = "mailblock.local";
    return domain;
}

std::string generateMessageId(const std::string& sender_address) {
    static std::atomic<uint64_t> counter{0};
    std::string domain = messageIdDomain(sender_address);
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    return std::to_string(micros) + "." + std::to_string(++counter) + "." + randomHex(16) + "@" + domain;
}

std::string formatDate(std::time_t t) {
    static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    // A mailing dates many messages in the same second: that second's text is made once.
    thread_local std::time_t last = -1;
    thread_local std::string text;
    if (t != last) {
        std::tm tm{};
        gmtime_r(&t, &tm);
        text = fmt::format("{}, {:02d} {} {:04d} {:02d}:{:02d}:{:02d} +0000", days[tm.tm_wday], tm.tm_mday,
                           months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
        last = t;
    }
    return text;
}

}  // namespace mailblock::message
