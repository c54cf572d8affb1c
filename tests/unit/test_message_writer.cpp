// The message text: CRLF only, folded and encoded headers, no Bcc, streamed attachments, fast base64.
#include <doctest/doctest.h>

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "common/base64.hpp"
#include "send_email/message/body_encoding.hpp"
#include "send_email/message/header_encoding.hpp"
#include "send_email/message/html_to_text.hpp"
#include "send_email/message/message_writer.hpp"

using namespace mailblock::message;
using mailblock::common::base64;
using mailblock::common::base64Lines;

namespace {

std::string write(const MessageSpec& spec) {
    std::ostringstream out;
    writeMessage(spec, out);
    return out.str();
}

MessageSpec basic() {
    MessageSpec s;
    s.from = {"Робот", "robot@example.org"};
    s.to = {{"Иван Петров", "ivan@example.org"}};
    s.subject = "Отчёт";
    s.body = "Текст";
    s.message_id = generateMessageId("robot@example.org");
    s.date = formatDate(0);
    return s;
}

void checkLines(const std::string& text) {
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') REQUIRE_MESSAGE((i > 0 && text[i - 1] == '\r'), "bare LF at " << i);
        if (text[i] == '\r') REQUIRE_MESSAGE((i + 1 < text.size() && text[i + 1] == '\n'), "lone CR at " << i);
    }
    std::istringstream in(text);
    std::string line;
    bool headers = true;
    while (std::getline(in, line)) {
        if (headers && line == "\r") headers = false;
        CHECK(line.size() <= 999);
        if (headers) CHECK_MESSAGE(line.size() <= 79, line);  // 78 + the CR that getline leaves
    }
}

std::string pocoBase64(const std::string& raw) {
    std::ostringstream out;
    Poco::Base64Encoder enc(out);
    enc.rdbuf()->setLineLength(76);
    enc << raw;
    enc.close();
    std::string s = out.str();
    // Poco ends the last line with CRLF only when it is full; ours always ends with CRLF.
    return s.empty() || s.compare(s.size() - 2, 2, "\r\n") == 0 ? s : s + "\r\n";
}

}  // namespace

TEST_CASE("headers come in order with Message-ID, MIME-Version and no Bcc") {
    std::string m = write(basic());
    CHECK(m.rfind("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\nFrom: ", 0) == 0);
    CHECK(m.find("\r\nMessage-ID: <") != std::string::npos);
    CHECK(m.find("@example.org>\r\nMIME-Version: 1.0\r\n") != std::string::npos);
    CHECK(m.find("Bcc") == std::string::npos);
    checkLines(m);
}

TEST_CASE("a long Cyrillic subject folds into encoded words that never split a character") {
    MessageSpec s = basic();
    s.subject = "";
    for (int i = 0; i < 40; ++i) s.subject += "Отчёт 😀 ";
    std::string field = unstructuredField("Subject", s.subject);
    checkLines(field);
    CHECK(field.find("\r\n =?UTF-8?B?") != std::string::npos);
    // Each encoded word decodes on its own to valid UTF-8: it ends on a character boundary.
    for (size_t pos = 0; (pos = field.find("=?UTF-8?B?", pos)) != std::string::npos; pos += 10) {
        size_t end = field.find("?=", pos + 10);
        REQUIRE(end != std::string::npos);
        CHECK(end + 2 - pos <= 75);
    }
}

TEST_CASE("plain ASCII subjects stay readable and fold at spaces") {
    std::string f = unstructuredField("Subject", std::string(30, 'a') + " " + std::string(30, 'b') + " " + std::string(30, 'c'));
    CHECK(f.find("=?") == std::string::npos);
    CHECK(f.find("\r\n ccc") != std::string::npos);
    CHECK(unstructuredField("Subject", "Hello =?world") .find("=?UTF-8?B?") != std::string::npos);
}

TEST_CASE("CR or LF in a subject, a name or an attachment name is refused, never a new header") {
    MessageSpec s = basic();
    s.subject = "Hi\r\nBcc: evil@example.org";
    CHECK_THROWS_AS(write(s), std::invalid_argument);
    s = basic();
    s.from.name = "Robot\nX-Injected: 1";
    CHECK_THROWS_AS(write(s), std::invalid_argument);
    CHECK_THROWS_AS(attachmentHeaders({"a\r\nb.pdf", "/dev/null", "", ""}), std::invalid_argument);
}

TEST_CASE("display names: quoted when they hold specials, encoded when not ASCII") {
    std::string f = addressField("To", {{"Petrov, Ivan", "i@example.org"}, {"Иван", "ivan@example.org"}, {"", "x@example.org"}});
    CHECK(f.find("\"Petrov, Ivan\" <i@example.org>,") != std::string::npos);
    INFO(f);
    CHECK(f.find("=?UTF-8?B?0JjQstCw0L0=?=") != std::string::npos);
    CHECK(f.find("<ivan@example.org>,") != std::string::npos);
    CHECK(f.find("<x@example.org>\r\n") != std::string::npos);
}

// The texts of the encoded words in a header field, in order.
std::vector<std::string> encodedTexts(const std::string& field) {
    std::vector<std::string> out;
    for (size_t pos = 0; (pos = field.find("=?UTF-8?B?", pos)) != std::string::npos;) {
        size_t end = field.find("?=", pos + 10);
        std::istringstream in(field.substr(pos + 10, end - pos - 10));
        Poco::Base64Decoder decoder(in);
        out.emplace_back(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
        pos = end + 2;
    }
    return out;
}

TEST_CASE("a long Cyrillic display name is split into encoded words at spaces, never inside a word") {
    const std::string name = "Сидоров-Кузнецов Александр Константинович (бухгалтерия)";
    for (const auto& before : {std::vector<Mailbox>{}, std::vector<Mailbox>{{"Петров", "petrov@example.org"}}}) {
        std::vector<Mailbox> list = before;
        list.push_back({name, "s@example.org"});
        std::string f = addressField("To", list);
        INFO(f);
        checkLines(f);
        std::vector<std::string> words = encodedTexts(f);
        std::string joined;
        for (size_t i = before.size(); i < words.size(); ++i) {
            joined += words[i];
            if (i + 1 < words.size()) CHECK(words[i].back() == ' ');  // each cut is right after a space
        }
        CHECK(joined == name);  // RFC 2047 readers drop the white space between encoded words
    }
}

TEST_CASE("bodies: line ends normalised, 7bit, quoted-printable or base64 as fits") {
    CHECK(normalizeLineEnds("a\nb\r\nc\rd") == "a\r\nb\r\nc\r\nd");
    CHECK(encodeBody("plain text\r\n").transfer_encoding == "7bit");
    CHECK(encodeBody(std::string(2000, 'x')).transfer_encoding == "quoted-printable");
    CHECK(encodeBody("Hello, this is mostly English text with one word: мир").transfer_encoding == "quoted-printable");
    CHECK(encodeBody("Полностью русский текст").transfer_encoding == "base64");
    std::string qp = quotedPrintable(std::string(200, '=') + " \r\nend \r\n");
    checkLines(qp);
    for (size_t pos = 0, eol; (eol = qp.find("\r\n", pos)) != std::string::npos; pos = eol + 2) CHECK(eol - pos <= 76);
    CHECK(qp.find("=20\r\n") != std::string::npos);  // a trailing space is encoded
}

TEST_CASE("the scans that go eight bytes at a time find every special byte wherever it stands") {
    // The byte-by-byte rules, as a reference: CR, LF and CRLF end a line; 7bit needs ASCII without controls other
    // than tab and CR, and lines of at most 998 bytes.
    auto normalizedByByte = [](const std::string& t) {
        std::string out;
        for (size_t i = 0; i < t.size(); ++i) {
            if (t[i] == '\r' || t[i] == '\n') {
                out += "\r\n";
                if (t[i] == '\r' && i + 1 < t.size() && t[i + 1] == '\n') ++i;
            } else {
                out += t[i];
            }
        }
        return out;
    };
    for (const char special : {'\n', '\r', '\t', '\x01', '\x7f', '\x80', '\xd0', '~', ' '}) {
        for (size_t length = 1; length <= 20; ++length) {
            for (size_t at = 0; at < length; ++at) {
                std::string text(length, 'a');
                text[at] = special;
                CHECK(normalizeLineEnds(text) == normalizedByByte(text));
                const bool seven_bit = special == '\n' || special == '\r' || special == '\t' || special == '~' || special == ' ';
                CHECK((encodeBody(text).transfer_encoding == "7bit") == seven_bit);
            }
        }
    }
    CHECK(encodeBody(std::string(998, 'x') + "\r\n" + std::string(998, 'y')).transfer_encoding == "7bit");
    CHECK(encodeBody(std::string(999, 'x')).transfer_encoding == "quoted-printable");
    CHECK(encodeBody(std::string(500, 'x') + "\r" + std::string(498, 'y')).transfer_encoding == "quoted-printable");  // CR counts
}

TEST_CASE("HTML gets a plain-text twin") {
    std::string t = htmlToText("<style>p{}</style><h1>Отчёт</h1><p>Сумма &amp; итог&nbsp;&#8381;</p><ul><li>один</li></ul>"
                               "<a href=\"https://example.org\">сайт</a><script>x()</script>");
    CHECK(t == "Отчёт\nСумма & итог ₽\n- один\nсайт (https://example.org)\n");
}

TEST_CASE("HTML messages are multipart/alternative, attachments make multipart/mixed") {
    char path[] = "/tmp/mb-attach-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    std::string bytes(100000, '\0');
    std::mt19937 rng(7);
    for (auto& b : bytes) b = static_cast<char>(rng());
    REQUIRE(::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
    ::close(fd);
    MessageSpec s = basic();
    s.html = true;
    s.body = "<p>Привет</p>";
    s.attachments = {{"Отчёт за май.pdf", path, "", ""}};
    std::string m = write(s);
    std::remove(path);
    checkLines(m);
    CHECK(m.find("Content-Type: multipart/mixed;") != std::string::npos);
    CHECK(m.find("Content-Type: multipart/alternative;") != std::string::npos);
    CHECK(m.find("Content-Type: application/pdf;\r\n name=\"=?UTF-8?B?") != std::string::npos);
    CHECK(m.find("filename*0*=UTF-8''%D0%9E%D1%82%D1%87%D1%91%D1%82") != std::string::npos);
    CHECK(m.find(pocoBase64(bytes)) != std::string::npos);
}

TEST_CASE("our base64 equals Poco's byte for byte, with 76-character CRLF lines") {
    std::mt19937 rng(42);
    for (size_t size : {0u, 1u, 2u, 3u, 56u, 57u, 58u, 114u, 58367u, 58368u, 58369u, 233471u, 233472u, 233473u, 3000000u}) {
        std::string raw(size, '\0');
        for (auto& c : raw) c = static_cast<char>(rng());
        std::istringstream in(raw);
        std::ostringstream out;
        CHECK(base64Lines(in, out) == size);
        CHECK_MESSAGE(out.str() == pocoBase64(raw), "size " << size);
    }
    CHECK(base64("") == "");
    CHECK(base64("Ma") == "TWE=");
}

TEST_CASE("the one-line and base64url forms equal Poco's, and decode back") {
    using mailblock::common::Base64Form;
    std::mt19937 rng(7);
    for (size_t size = 0; size < 200; ++size) {
        std::string raw(size, '\0');
        for (auto& c : raw) c = static_cast<char>(rng());
        std::ostringstream std_out, url_out;
        Poco::Base64Encoder std_enc(std_out), url_enc(url_out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
        std_enc.rdbuf()->setLineLength(0);
        url_enc.rdbuf()->setLineLength(0);
        std_enc << raw;
        url_enc << raw;
        std_enc.close();
        url_enc.close();
        CHECK_MESSAGE(base64(raw) == std_out.str(), "size " << size);
        CHECK_MESSAGE(base64(raw, Base64Form::UrlNoPadding) == url_out.str(), "size " << size);
        CHECK(mailblock::common::unbase64(base64(raw, Base64Form::UrlNoPadding), Base64Form::UrlNoPadding) == raw);
    }
}

TEST_CASE("attachments that cannot be sent are named before anything is written") {
    auto problems = checkAttachments({{"x", "/nonexistent/file.pdf", "", ""}, {"d", "/tmp", "", ""}, {"z", "/dev/null", "", ""}});
    REQUIRE(problems.size() == 3);
    CHECK(problems[0].find("/nonexistent/file.pdf") != std::string::npos);
    CHECK(problems[1].find("not a regular file") != std::string::npos);
}

TEST_CASE("Message-IDs are unique and carry the sender's domain") {
    std::string a = generateMessageId("robot@mail.example.ru"), b = generateMessageId("robot@mail.example.ru");
    CHECK(a != b);
    CHECK(a.size() > 20);
    CHECK(a.substr(a.find('@')) == "@mail.example.ru");
    CHECK(generateMessageId("broken").find("@mailblock.local") != std::string::npos);
}

TEST_CASE("Message-IDs made at once on several threads are unique, their random parts too") {
    // The random part comes from one generator seeded once per process and shared by all threads.
    std::vector<std::vector<std::string>> made(4);
    std::vector<std::thread> threads;
    for (auto& ids : made)
        threads.emplace_back([&ids] {
            for (int i = 0; i < 2000; ++i) ids.push_back(generateMessageId("robot@example.org"));
        });
    for (auto& t : threads) t.join();
    std::set<std::string> ids, random_parts;
    for (const auto& list : made)
        for (const auto& id : list) {
            ids.insert(id);
            const size_t second_dot = id.find('.', id.find('.') + 1);
            random_parts.insert(id.substr(second_dot + 1, id.find('@') - second_dot - 1));
        }
    CHECK(ids.size() == 8000);
    CHECK(random_parts.size() == 8000);
    CHECK(random_parts.begin()->size() == 16);
}

TEST_CASE("messageSize predicts the written size exactly without reading the attachments") {
    std::vector<std::string> paths;
    for (size_t size : {0u, 1u, 56u, 57u, 58u, 100000u}) {
        char path[] = "/tmp/mb-size-XXXXXX";
        int fd = mkstemp(path);
        REQUIRE(fd >= 0);
        std::string bytes(size, 'x');
        REQUIRE(::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
        ::close(fd);
        paths.push_back(path);
    }
    MessageSpec s = basic();
    for (bool html : {false, true}) {
        s.html = html;
        s.attachments.clear();
        CHECK(messageSize(s) == write(s).size());
        for (const auto& p : paths) s.attachments.push_back({"Файл " + p.substr(5) + ".bin", p, "", ""});
        CHECK(messageSize(s) == write(s).size());
        CHECK(write(s) == write(s));  // the same message twice: the same bytes (boundaries from the Message-ID)
    }
    for (const auto& p : paths) std::remove(p.c_str());
}

TEST_CASE("the Date header follows the clock from one message to the next") {
    CHECK(formatDate(1700000000) == "Tue, 14 Nov 2023 22:13:20 +0000");
    CHECK(formatDate(1700000000) == "Tue, 14 Nov 2023 22:13:20 +0000");  // the same second again
    CHECK(formatDate(1700000001) == "Tue, 14 Nov 2023 22:13:21 +0000");
    CHECK(formatDate(0) == "Thu, 01 Jan 1970 00:00:00 +0000");
}

TEST_CASE("messages in a row each carry their own body, however their bodies repeat (a mailing's rows)") {
    auto message = [](const std::string& body, bool html) {
        MessageSpec s = basic();
        s.body = body;
        s.html = html;
        return write(s);
    };
    const std::string kFirst = "Dear Anna,\nthe report for March is attached. Привет!\nline two";
    const std::string first = message(kFirst, false);
    CHECK(first.find("Content-Transfer-Encoding: quoted-printable") != std::string::npos);
    CHECK(first.find("line two") != std::string::npos);
    const std::string other = message("Hello, Boris", false);
    CHECK(other.find("Hello, Boris") != std::string::npos);
    CHECK(other.find("Anna") == std::string::npos);
    CHECK(other.find("Content-Transfer-Encoding: 7bit") != std::string::npos);  // not the first one's encoding
    const std::string again = message(kFirst, false);
    CHECK(again.substr(again.find("\r\n\r\n")) == first.substr(first.find("\r\n\r\n")));
    const std::string html = message(kFirst, true);
    CHECK(html.find("Content-Type: text/html") != std::string::npos);
    CHECK(html.find("Content-Type: text/plain") != std::string::npos);
}
