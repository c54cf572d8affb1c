// A whole message, written and read back (blocks/send_email/message/message_writer.hpp, smtp/dot_stuffing.hpp).
// The input gives a flags byte, then fields ended by a backslash pair (see FuzzInput::field): subject, sender
// display name, sender address, attachment file name; the rest is the body, made valid UTF-8 (invalid bytes
// become U+FFFD; CR, LF, dots and long lines stay). Example seed: "\x01Отчёт\|Иван\|ivan@example.org\|a.pdf\|body".
//
// Checked, aborting on violation:
//  - CR, LF or NUL in the subject, a display name, the address or the attachment name is refused with
//    std::invalid_argument, and only then;
//  - the message has CRLF line ends only and no line over 998 octets, and messageSize() is its exact size;
//  - sent through DotStuffingBuf (as Dialog::data does, with a chunk size from the input) the data ends with
//    CRLF "." CRLF and un-stuffing gives back the message byte for byte;
//  - the Subject field, unfolded and RFC 2047-decoded, is the subject; every encoded word is UTF-8 and at
//    most 75 characters;
//  - the text body, decoded by its Content-Transfer-Encoding, is the body with CRLF line ends (and a final CRLF).
//  - header lines of at most 78 characters unless one unbreakable token fills the line, and no folded line
//    made only of white space (RFC 5322 3.2.2; a finding of this target, fixed:
//    corpus/message_roundtrip/whitespace_only_folded_line).
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "mime_decode.hpp"
#include "send_email/message/address_list.hpp"
#include "send_email/message/message_writer.hpp"
#include "send_email/smtp/dot_stuffing.hpp"

using namespace mailblock::message;
using mailblock::fuzz::printable;
namespace mime = mailblock::fuzz::mime;

namespace {

// One small file to attach, made once per process and removed at exit.
const std::string& attachmentFile() {
    static const std::string path = [] {
        char name[] = "/tmp/mailblock-fuzz-attachment-XXXXXX";
        int fd = mkstemp(name);
        if (fd < 0) std::abort();
        std::string content = "Report line 1\r\n.\r\n..dots\r\n";
        content += std::string(200, '\0') + std::string(3000, 'x');
        if (write(fd, content.data(), content.size()) != static_cast<ssize_t>(content.size())) std::abort();
        close(fd);
        static std::string remove_at_exit = name;
        std::atexit([] { unlink(remove_at_exit.c_str()); });
        return std::string(name);
    }();
    return path;
}

bool hasLineBreakOrNul(const std::string& s) { return s.find_first_of(std::string("\r\n\0", 3)) != std::string::npos; }

// CRLF, LF and lone CR as CRLF; a non-empty text ends with CRLF (RFC 5322 body lines).
std::string crlfText(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += "\r\n";
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else if (text[i] == '\n') {
            out += "\r\n";
        } else {
            out += text[i];
        }
    }
    if (!out.empty() && out.compare(out.size() - std::min<size_t>(out.size(), 2), 2, "\r\n") != 0) out += "\r\n";
    return out;
}

std::vector<std::string> crlfLines(const std::string& text) {
    std::vector<std::string> lines;
    for (size_t pos = 0; pos < text.size();) {
        size_t eol = text.find("\r\n", pos);
        if (eol == std::string::npos) eol = text.size();
        lines.push_back(text.substr(pos, eol - pos));
        pos = eol + 2;
    }
    return lines;
}

// The value of header `name` in the header block `headers` (which ends with CRLF), unfolded; nullopt if absent.
std::optional<std::string> headerValue(const std::string& headers, const std::string& name) {
    std::string prefix = name + ":";
    for (size_t pos = 0; pos < headers.size();) {
        size_t eol = headers.find("\r\n", pos);
        if (eol == std::string::npos) break;
        if (headers.compare(pos, prefix.size(), prefix) == 0) {
            size_t end = eol;
            while (end + 2 < headers.size() && (headers[end + 2] == ' ' || headers[end + 2] == '\t')) {
                size_t next = headers.find("\r\n", end + 2);
                if (next == std::string::npos) break;
                end = next;
            }
            return mime::unfold(headers.substr(pos + prefix.size(), end - pos - prefix.size()));
        }
        pos = eol + 2;
    }
    return std::nullopt;
}

// Every boundary="..." parameter in the message (multipart/mixed and multipart/alternative).
std::vector<std::string> allBoundaries(const std::string& msg) {
    std::vector<std::string> out;
    for (size_t b = msg.find("boundary=\""); b != std::string::npos; b = msg.find("boundary=\"", b + 1))
        out.push_back(msg.substr(b + 10, msg.find('"', b + 10) - b - 10));
    return out;
}

std::string boundaryOf(const std::string& headers) {
    auto ct = headerValue(headers, "Content-Type");
    if (!ct) return {};
    size_t b = ct->find("boundary=\"");
    if (b == std::string::npos) return {};
    b += 10;
    return ct->substr(b, ct->find('"', b) - b);
}

void checkLines(const std::string& msg, const std::string& where) {
    size_t line_start = 0;
    for (size_t i = 0; i < msg.size(); ++i) {
        if (msg[i] == '\r') FUZZ_CHECK(i + 1 < msg.size() && msg[i + 1] == '\n', where + "\nlone CR at " + std::to_string(i));
        if (msg[i] == '\n') {
            FUZZ_CHECK(i > 0 && msg[i - 1] == '\r', where + "\nbare LF at " + std::to_string(i));
            FUZZ_CHECK(i - 1 - line_start <= 998, where + "\nline over 998 octets at " + std::to_string(line_start));
            line_start = i + 1;
        }
    }
    FUZZ_CHECK(msg.size() >= 2 && msg.compare(msg.size() - 2, 2, "\r\n") == 0, where + "\nno final CRLF");
}

// Header blocks: the message's own, and each MIME part's after a boundary delimiter line.
void checkHeaderFolding(const std::string& msg, const std::vector<std::string>& boundaries, const std::string& where) {
    bool in_headers = true;
    for (const std::string& line : crlfLines(msg)) {
        if (in_headers) {
            if (line.empty()) {
                in_headers = false;
                continue;
            }
            // Over 78 only where nothing could be folded: one token (a long address, a Message-ID) on the line.
            size_t token_start = line.find_first_not_of(" \t", line[0] == ' ' || line[0] == '\t' ? 0 : line.find(':') + 1);
            bool one_token = token_start != std::string::npos && line.find(' ', token_start) == std::string::npos;
            FUZZ_CHECK(line.size() <= 78 || one_token, where + "\nheader line over 78: " + printable(line));
            FUZZ_CHECK(line.find_first_not_of(" \t") != std::string::npos, where + "\nheader line of white space only");
        } else {
            for (const auto& b : boundaries)
                if (!b.empty() && line == "--" + b) in_headers = true;
        }
    }
}

void checkDotStuffing(const MessageSpec& spec, const std::string& msg, size_t chunk, const std::string& where) {
    std::string data;
    mailblock::send_email::smtp::DotStuffingBuf buf([&](const char* p, size_t n) { data.append(p, n); }, nullptr, chunk);
    {
        std::ostream out(&buf);
        writeMessage(spec, out);
        out.flush();
    }
    buf.finish();
    FUZZ_CHECK(buf.total() == msg.size(), where);
    FUZZ_CHECK(data.size() >= 5 && data.compare(data.size() - 5, 5, "\r\n.\r\n") == 0, where + "\nno CRLF.CRLF at the end");
    std::string unstuffed;
    std::vector<std::string> lines = crlfLines(data);
    for (size_t i = 0; i < lines.size(); ++i) {
        if (lines[i] == ".") {
            FUZZ_CHECK(i + 1 == lines.size(), where + "\nthe data ends early, at line " + std::to_string(i));
            break;
        }
        unstuffed += (lines[i][0] == '.' ? lines[i].substr(1) : lines[i]) + "\r\n";
    }
    FUZZ_CHECK(unstuffed == msg, where + "\nun-stuffed data differs from the message");
}

void checkSubject(const std::string& headers, const std::string& subject, const std::string& where) {
    auto value = headerValue(headers, "Subject");
    FUZZ_CHECK(value.has_value(), where + "\nno Subject");
    std::string v = *value;
    if (!v.empty() && v[0] == ' ') v.erase(0, 1);  // the space after the colon
    // Every word that looks encoded must decode on its own (the writer never leaves "=?" in plain text).
    for (size_t i = v.find_first_not_of(" \t"); i != std::string::npos; i = v.find_first_not_of(" \t", i)) {
        size_t end = v.find_first_of(" \t", i);
        std::string word = v.substr(i, end == std::string::npos ? std::string::npos : end - i);
        if (word.compare(0, 2, "=?") == 0)
            FUZZ_CHECK(mime::decodeEncodedWord(word).has_value(), where + "\nbad encoded word: " + printable(word));
        i = end;
    }
    std::string decoded = mime::decodeUnstructured(v);
    FUZZ_CHECK(decoded == subject, where + "\nSubject field: " + printable(v) + "\ndecoded: " + printable(decoded));
}

void checkTextBody(const std::string& msg, const std::string& headers, const std::string& body, bool attachments,
                   const std::string& where) {
    std::string part_headers = headers, content;
    size_t body_start = headers.size() + 2;
    if (!attachments) {
        content = msg.substr(body_start);
    } else {
        std::string b = boundaryOf(headers);
        FUZZ_CHECK(!b.empty(), where + "\nno boundary");
        size_t open = msg.find("--" + b + "\r\n", body_start);
        FUZZ_CHECK(open != std::string::npos, where);
        size_t part = open + b.size() + 4;
        size_t blank = msg.find("\r\n\r\n", part);
        FUZZ_CHECK(blank != std::string::npos, where);
        part_headers = msg.substr(part, blank + 2 - part);
        size_t close = msg.find("\r\n--" + b + "\r\n", blank + 4);
        FUZZ_CHECK(close != std::string::npos, where);
        content = msg.substr(blank + 4, close - blank - 4);
    }
    auto cte = headerValue(part_headers, "Content-Transfer-Encoding");
    FUZZ_CHECK(cte.has_value(), where);
    std::optional<std::string> decoded;
    if (*cte == " 7bit") decoded = content;
    else if (*cte == " quoted-printable") decoded = mime::quotedPrintableDecode(content);
    else if (*cte == " base64") decoded = mime::base64Decode(content);
    FUZZ_CHECK(decoded.has_value(), where + "\nbody does not decode as" + *cte);
    FUZZ_CHECK(*decoded == crlfText(body), where + "\ndecoded body: " + printable(*decoded));
    if (*cte == " quoted-printable")
        for (const auto& line : crlfLines(content)) FUZZ_CHECK(line.size() <= 76, where + "\nquoted-printable line over 76");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    mailblock::fuzz::FuzzInput input(data, size);
    uint8_t flags = input.byte();
    bool html = flags & 1;
    size_t attachments = (flags >> 1) & 3;  // 0..3, 3 meaning none as well
    if (attachments == 3) attachments = 0;
    size_t chunk = size_t{1} << ((flags >> 3) % 19);  // DotStuffingBuf's chunk: 1 byte .. 256 KB

    MessageSpec spec;
    spec.subject = input.field(4096);
    spec.from.name = input.field(512);
    spec.from.address = input.field(320);
    std::string attachment_name = input.field(512);
    spec.body = mailblock::fuzz::toValidUtf8(input.rest());
    spec.html = html;
    if (!validateAddress(spec.from.address).empty() && !hasLineBreakOrNul(spec.from.address)) spec.from.address = "robot@example.org";
    spec.to = {{"Иван Петров", "ivan@example.org"}, {"", "anna@example.org"}};
    for (size_t i = 0; i < attachments; ++i) spec.attachments.push_back({attachment_name, attachmentFile(), "", ""});
    spec.message_id = "1700000000.1.00fuzz@example.org";  // fixed: boundaries derive from it
    spec.date = formatDate(1700000000);

    std::string where = "subject: " + printable(spec.subject) + "\nname: " + printable(spec.from.name) +
                        "\naddress: " + printable(spec.from.address) + "\nattachment: " + printable(attachment_name) +
                        "\nbody: " + printable(spec.body) + "\nflags: " + std::to_string(flags);

    bool refuse = hasLineBreakOrNul(spec.subject) || hasLineBreakOrNul(spec.from.name) ||
                  hasLineBreakOrNul(spec.from.address) || (attachments > 0 && hasLineBreakOrNul(attachment_name));
    std::ostringstream out;
    try {
        writeMessage(spec, out);
    } catch (const std::invalid_argument& e) {
        FUZZ_CHECK(refuse, where + "\nrefused: " + e.what());
        return 0;
    }
    FUZZ_CHECK(!refuse, where + "\nCR, LF or NUL in a header value was written");
    std::string msg = out.str();
    where += "\nmessage: " + printable(msg, 2000);

    checkLines(msg, where);
    FUZZ_CHECK(messageSize(spec) == msg.size(), where + "\nmessageSize " + std::to_string(messageSize(spec)) + " != " + std::to_string(msg.size()));
    checkDotStuffing(spec, msg, chunk, where);

    size_t blank = msg.find("\r\n\r\n");
    FUZZ_CHECK(blank != std::string::npos, where + "\nno end of headers");
    std::string headers = msg.substr(0, blank + 2);
    checkSubject(headers, spec.subject, where);
    if (!html) checkTextBody(msg, headers, spec.body, attachments > 0, where);
    checkHeaderFolding(msg, allBoundaries(msg), where);
    return 0;
}
