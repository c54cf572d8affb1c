// The header fields of the message features: priority, read receipt, threading, Sender, List-Unsubscribe and the
// author's own fields (checked names, no line breaks, ours not overridable), written by the one message writer.
#include <doctest/doctest.h>

#include <map>
#include <sstream>

#include "send_email/message/feature_headers.hpp"
#include "send_email/message/html_images.hpp"
#include "send_email/message/message_writer.hpp"
#include "send_email/message/template.hpp"

using namespace mailblock::message;

namespace {

MessageSpec base() {
    MessageSpec s;
    s.from = {"Робот", "robot@example.org"};
    s.to = {{"", "anna@example.org"}};
    s.subject = "Hi";
    s.body = "text";
    s.message_id = "1.2.3@example.org";
    s.date = formatDate(1700000000);
    return s;
}

std::string headersOf(const MessageSpec& s) {
    std::ostringstream out;
    writeMessage(s, out);
    const std::string m = out.str();
    CHECK(messageSize(s) == m.size());
    return m.substr(0, m.find("\r\n\r\n") + 2);
}

}  // namespace

TEST_CASE("no feature set: no feature header") {
    CHECK(featureHeaders(base()).empty());
}

TEST_CASE("priority writes Importance, X-Priority and Priority as Outlook and Thunderbird read them") {
    MessageSpec s = base();
    s.priority = Priority::High;
    CHECK(headersOf(s).find("Importance: high\r\nX-Priority: 1 (Highest)\r\nPriority: urgent\r\n") != std::string::npos);
    s.priority = Priority::Low;
    CHECK(headersOf(s).find("Importance: low\r\nX-Priority: 5 (Lowest)\r\nPriority: non-urgent\r\n") != std::string::npos);
}

TEST_CASE("read receipt, Sender and threading headers") {
    MessageSpec s = base();
    s.read_receipt_to = {{"Отдел", "dept@example.org"}};
    s.sender = {{"", "robot2@example.org"}};
    s.in_reply_to = "b@example.org";
    s.references = {"a@example.org", "b@example.org"};
    const std::string h = headersOf(s);
    CHECK(h.find("Disposition-Notification-To: =?UTF-8?B?") != std::string::npos);
    CHECK(h.find("<dept@example.org>") != std::string::npos);
    CHECK(h.find("Sender: <robot2@example.org>\r\n") != std::string::npos);
    CHECK(h.find("In-Reply-To: <b@example.org>\r\n") != std::string::npos);
    CHECK(h.find("References: <a@example.org> <b@example.org>\r\n") != std::string::npos);
}

TEST_CASE("a long References field folds between ids") {
    MessageSpec s = base();
    for (int i = 0; i < 20; ++i) s.references.push_back("1700000000123456." + std::to_string(i) + ".abcdef@example.org");
    std::string h = headersOf(s);
    std::istringstream lines(h);
    for (std::string line; std::getline(lines, line);) CHECK(line.size() <= 79);
}

TEST_CASE("List-Unsubscribe, with One-Click only for an https link") {
    MessageSpec s = base();
    s.list_unsubscribe = {"mailto:unsub@example.org?subject=stop"};
    CHECK(headersOf(s).find("List-Unsubscribe: <mailto:unsub@example.org?subject=stop>\r\n") != std::string::npos);
    CHECK(headersOf(s).find("List-Unsubscribe-Post") == std::string::npos);
    s.list_unsubscribe.push_back("https://example.org/u?id=1");
    const std::string h = headersOf(s);
    CHECK(h.find("List-Unsubscribe: <mailto:unsub@example.org?subject=stop>,\r\n <https://example.org/u?id=1>\r\n") !=
          std::string::npos);
    CHECK(h.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n") != std::string::npos);
    CHECK(checkUnsubscribeUri("javascript:alert(1)").size() > 0);
    CHECK(checkUnsubscribeUri("https://a b").size() > 0);
    CHECK(checkUnsubscribeUri("https://example.org/x").empty());
}

TEST_CASE("custom headers: names checked, ours refused, no line breaks, UTF-8 values encoded") {
    CHECK(checkCustomHeader("X-Campaign", "май").empty());
    CHECK(checkCustomHeader("X Campaign", "x").find("not allowed") != std::string::npos);
    CHECK(checkCustomHeader("X-A:b", "x").find("not allowed") != std::string::npos);
    CHECK(checkCustomHeader("", "x").find("not allowed") != std::string::npos);
    CHECK(checkCustomHeader("Заголовок", "x").find("not allowed") != std::string::npos);
    CHECK(checkCustomHeader("subject", "x").find("itself") != std::string::npos);
    CHECK(checkCustomHeader("Message-ID", "x").find("itself") != std::string::npos);
    CHECK(checkCustomHeader("X-Priority", "x").find("itself") != std::string::npos);
    CHECK(checkCustomHeader("X-A", "a\r\nBcc: evil@example.org").find("line break") != std::string::npos);
    CHECK(checkCustomHeader("X-A", "x", "ru").find("перевод строки") == std::string::npos);
    MessageSpec s = base();
    s.headers = {{"X-Campaign", "Весна 2027"}, {"X-Plain", "ok"}};
    const std::string h = headersOf(s);
    CHECK(h.find("X-Campaign: =?UTF-8?B?") != std::string::npos);
    CHECK(h.find("X-Plain: ok\r\n") != std::string::npos);
    s.headers = {{"From", "evil@example.org"}};
    CHECK_THROWS_AS(headersOf(s), std::invalid_argument);
}

TEST_CASE("Message-IDs as users give them, and Re: once") {
    CHECK(bareMessageId(" <a.b@example.org> ") == "a.b@example.org");
    CHECK(bareMessageId("a.b@example.org") == "a.b@example.org");
    CHECK(bareMessageId("no-at-sign").empty());
    CHECK(bareMessageId("<a b@example.org>").empty());
    CHECK(replySubject("Отчёт") == "Re: Отчёт");
    CHECK(replySubject("RE: Отчёт") == "RE: Отчёт");
    CHECK(replySubject("re:x") == "re:x");
}

TEST_CASE("templates: {{name}} filled, HTML-escaped in HTML, a missing value named, never blank") {
    const std::map<std::string, std::string> values{{"client", "Иван <\"Ко\" & Ко>"}, {"sum", "100"}};
    FilledTemplate t = fillTemplate("Здравствуйте, {{client}}! Сумма: {{ sum }}.", values, false);
    CHECK(t.text == "Здравствуйте, Иван <\"Ко\" & Ко>! Сумма: 100.");
    CHECK(t.missing.empty());
    t = fillTemplate("<p>{{client}}</p>", values, true);
    CHECK(t.text == "<p>Иван &lt;&quot;Ко&quot; &amp; Ко&gt;</p>");
    t = fillTemplate("{{a}} {{client}} {{a}} {{b}}", values, false);
    CHECK(t.missing == std::vector<std::string>{"a", "b"});
    t = fillTemplate("x {{client", values, false);
    CHECK(t.unclosed);
    CHECK(fillTemplate("no places", values, true).text == "no places");
}

TEST_CASE("inline images: local paths become cid: parts in multipart/related; alt text in the text part") {
    MessageSpec s = base();
    s.html = true;
    s.body = "<p>Chart:</p><img alt=\"Sales chart\" src=\"file:///tmp/mb%20chart.png\"><IMG SRC='/tmp/logo.png' alt=Logo>"
             "<img src=\"/tmp/mb chart.png\"><img src=\"https://example.org/x.png\"><img src=\"cid:given\">";
    std::vector<InlineImage> images = embedLocalImages(s.body, s.message_id);
    REQUIRE(images.size() == 2);
    CHECK(images[0].content_id == "img1." + s.message_id);
    CHECK(images[0].file.path == "/tmp/mb chart.png");
    CHECK(images[1].file.path == "/tmp/logo.png");
    CHECK(imageSources(s.body) == std::vector<std::string>{"cid:img1." + s.message_id, "cid:img2." + s.message_id,
                                                           "cid:img1." + s.message_id, "https://example.org/x.png", "cid:given"});
    s.inline_images = {{"given", {"given.png", "", "\x89PNG", "image/png"}}};
    Part tree = messageTree(s);
    REQUIRE(tree.multipart == "alternative");
    CHECK(tree.children[0].body.find("[Sales chart]") != std::string::npos);
    CHECK(tree.children[0].body.find("[Logo]") != std::string::npos);
    REQUIRE(tree.children[1].multipart == "related; type=\"text/html\"");
    REQUIRE(tree.children[1].children.size() == 2);
    const std::string& h = tree.children[1].children[1].headers;
    CHECK(h.find("Content-Disposition: inline;") != std::string::npos);
    CHECK(h.find("Content-ID: <given>\r\n") != std::string::npos);
    std::ostringstream out;
    writeMessage(s, out);
    CHECK(out.str().find("Content-Type: multipart/related; type=\"text/html\";\r\n boundary=\"=_mb_") != std::string::npos);
    CHECK(messageSize(s) == out.str().size());
}
