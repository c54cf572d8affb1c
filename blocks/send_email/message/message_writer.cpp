#include "send_email/message/message_writer.hpp"

#include <Poco/MD5Engine.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <random>

#include "send_email/message/base64.hpp"
#include "send_email/message/body_encoding.hpp"
#include "send_email/message/header_encoding.hpp"
#include "send_email/message/html_to_text.hpp"

namespace mailblock::message {

namespace {

std::string randomHex(size_t digits) {
    static thread_local std::mt19937_64 rng(std::random_device{}() ^
                                            static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
    static const char* hex = "0123456789abcdef";
    std::string out;
    while (out.size() < digits) {
        uint64_t v = rng();
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

// Counts what would be written, and stores nothing.
class CountingBuf : public std::streambuf {
public:
    uint64_t count = 0;

protected:
    std::streamsize xsputn(const char*, std::streamsize n) override {
        count += static_cast<uint64_t>(n);
        return n;
    }
    int_type overflow(int_type c) override {
        if (!traits_type::eq_int_type(c, traits_type::eof())) ++count;
        return traits_type::not_eof(c);
    }
};

uint64_t fileSize(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw std::runtime_error("cannot read attachment \"" + path + "\"");
    return static_cast<uint64_t>(st.st_size);
}

void writeTextPart(std::ostream& out, const std::string& subtype, const std::string& text) {
    EncodedBody body = encodeBody(normalizeLineEnds(text));
    out << "Content-Type: text/" << subtype << "; charset=utf-8\r\n"
        << "Content-Transfer-Encoding: " << body.transfer_encoding << "\r\n\r\n"
        << body.text;
}

void writeBody(const MessageSpec& spec, std::ostream& out) {
    if (!spec.html) {
        writeTextPart(out, "plain", spec.body);
        return;
    }
    std::string boundary = boundaryFor(spec, "alternative");
    out << "Content-Type: multipart/alternative;\r\n boundary=\"" << boundary << "\"\r\n\r\n";
    out << "--" << boundary << "\r\n";
    writeTextPart(out, "plain", htmlToText(spec.body));
    out << "\r\n--" << boundary << "\r\n";
    writeTextPart(out, "html", spec.body);
    out << "\r\n--" << boundary << "--\r\n";
}

// Writes everything; with `sizing`, attachment bodies are not read but counted from the files' sizes.
// Returns the bytes counted but not written.
uint64_t write(const MessageSpec& spec, std::ostream& out, const std::function<void(uint64_t)>& progress, bool sizing) {
    requireSingleLine(spec.message_id, "Message-ID");
    requireSingleLine(spec.date, "Date");
    out << "Date: " << spec.date << "\r\n";
    out << addressField("From", {spec.from});
    if (!spec.reply_to.empty()) out << addressField("Reply-To", spec.reply_to);
    if (!spec.to.empty()) out << addressField("To", spec.to);
    if (!spec.cc.empty()) out << addressField("Cc", spec.cc);
    out << unstructuredField("Subject", spec.subject);
    out << "Message-ID: <" << spec.message_id << ">\r\n";
    out << "MIME-Version: 1.0\r\n";
    if (spec.attachments.empty()) {
        writeBody(spec, out);
        return 0;
    }
    std::string boundary = boundaryFor(spec, "mixed");
    out << "Content-Type: multipart/mixed;\r\n boundary=\"" << boundary << "\"\r\n\r\n";
    out << "This is a multi-part message in MIME format.\r\n";
    out << "--" << boundary << "\r\n";
    writeBody(spec, out);
    uint64_t done = 0, skipped = 0;
    for (const auto& a : spec.attachments) {
        // The CRLF before a delimiter belongs to the delimiter (RFC 2046 5.1.1): each part keeps its own last one.
        out << "\r\n--" << boundary << "\r\n";
        if (sizing) {
            out << attachmentHeaders(a);
            skipped += base64LinesSize(fileSize(a.path));
            continue;
        }
        uint64_t before = done;
        writeAttachment(a, out, [&](uint64_t n) {
            done = before + n;
            if (progress) progress(done);
        });
    }
    out << "\r\n--" << boundary << "--\r\n";
    return skipped;
}

}  // namespace

void writeMessage(const MessageSpec& spec, std::ostream& out, const std::function<void(uint64_t)>& progress) {
    write(spec, out, progress, false);
}

uint64_t messageSize(const MessageSpec& spec) {
    CountingBuf counter;
    std::ostream out(&counter);
    uint64_t skipped = write(spec, out, nullptr, true);
    return counter.count + skipped;
}

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
    std::tm tm{};
    gmtime_r(&t, &tm);
    return fmt::format("{}, {:02d} {} {:04d} {:02d}:{:02d}:{:02d} +0000", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
                       tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

}  // namespace mailblock::message
