// The transport seam: the File transport writes exactly the bytes the SMTP transport sends, and the message tree
// gives the same bytes and the same predicted size whatever shape it has.
#include <doctest/doctest.h>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketStream.h>
#include <Poco/Net/StreamSocket.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include "send_email/message/message_writer.hpp"
#include "send_email/transport.hpp"

using namespace mailblock;
using namespace mailblock::send_email;

namespace {

message::MessageSpec spec() {
    message::MessageSpec s;
    s.from = {"Робот", "robot@example.org"};
    s.to = {{"", "anna@example.org"}};
    s.subject = "Отчёт";
    s.body = "<p>Hello</p>\n.\n..dots start these lines\n";
    s.html = true;
    s.attachments = {{"data.bin", "", std::string("\0\1\2.\r\n.\r\nbytes", 14), "application/x-test"}};
    s.message_id = "1700000000.1.abc@example.org";
    s.date = message::formatDate(1700000000);
    return s;
}

// A one-connection SMTP server that takes one message and keeps its DATA, dot-unstuffed (RFC 5321 4.5.2).
struct OneMessageServer {
    Poco::Net::ServerSocket listener{Poco::Net::SocketAddress("127.0.0.1", 0)};
    std::string data;
    std::thread thread{[this] { serve(); }};

    void serve() {
        Poco::Net::StreamSocket s = listener.acceptConnection();
        Poco::Net::SocketStream io(s);
        auto reply = [&](const char* line) { io << line << "\r\n" << std::flush; };
        reply("220 test");
        std::string line;
        while (std::getline(io, line)) {
            if (line.rfind("DATA", 0) == 0) {
                reply("354 go");
                while (std::getline(io, line) && line != ".\r") data += (line.rfind('.', 0) == 0 ? line.substr(1) : line) + "\n";
                reply("250 2.0.0 Ok: queued as T1");
            } else if (line.rfind("QUIT", 0) == 0) {
                reply("221 bye");
                return;
            } else {
                reply(line.rfind("EHLO", 0) == 0 ? "250 test" : "250 ok");
            }
        }
    }
    std::string finish() {  // the message, once the client has said QUIT
        if (thread.joinable()) thread.join();
        return data;
    }
    ~OneMessageServer() { finish(); }
};

}  // namespace

TEST_CASE("the File transport writes byte for byte what the SMTP transport sends") {
    const message::MessageSpec s = spec();
    smtp::MessageData data;
    std::ostringstream bytes;
    message::writeMessage(s, bytes);
    data.bytes = bytes.str();
    data.size = data.bytes.size();
    const smtp::Envelope envelope{"robot@example.org", {"anna@example.org"}, false, {}};

    const std::string path = "/tmp/mb_transport_" + std::to_string(::getpid()) + ".eml";
    smtp::Delivery saved = FileTransport(path, "en").send(envelope, data, {});
    std::ifstream in(path, std::ios::binary);
    const std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::remove(path.c_str());
    REQUIRE(saved.recipients.size() == 1);
    CHECK(saved.recipients[0].status == smtp::RecipientStatus::NotSent);

    OneMessageServer server;
    smtp::TransportSettings settings;
    settings.endpoint.host = "127.0.0.1";
    settings.endpoint.port = server.listener.address().port();
    settings.endpoint.timeout = std::chrono::seconds(10);
    settings.retries = 0;
    smtp::PoolOptions pool;
    pool.enabled = false;
    smtp::Delivery sent = SmtpTransport(settings, pool).send(envelope, data, {});
    CHECK(sent.recipients.at(0).accepted());
    CHECK(file.size() == data.size);
    CHECK(file == server.finish());  // getline kept each line's CR; the "\n" put back its LF
}

TEST_CASE("the File transport names the file it could not write and leaves no part behind") {
    smtp::MessageData data;
    data.bytes = "x";
    data.size = 1;
    try {
        FileTransport("/nonexistent-dir/a.eml", "en").send({"a@example.org", {"b@example.org"}, false, {}}, data, {});
        FAIL("no error");
    } catch (const sdk::BlockFailure& f) {
        CHECK(f.error().kind == "file");
        CHECK(f.error().fate == "not_sent");
        CHECK(f.error().message.find("/nonexistent-dir/a.eml") != std::string::npos);
    }
}

TEST_CASE("the message tree: an attachment given as bytes is a base64 part; the size is predicted exactly") {
    const message::MessageSpec s = spec();
    message::Part tree = message::messageTree(s);
    CHECK(tree.multipart == "mixed");
    REQUIRE(tree.children.size() == 2);
    CHECK(tree.children[0].multipart == "alternative");
    CHECK(tree.children[1].file.empty());
    CHECK(tree.children[1].headers.find("Content-Type: application/x-test;") != std::string::npos);
    CHECK(tree.children[1].body == "AAECLg0KLg0KYnl0ZXM=\r\n");
    std::ostringstream out;
    message::writeMessage(s, out);
    CHECK(message::messageSize(s) == out.str().size());
    CHECK(out.str().find("\r\n\r\nAAECLg0KLg0KYnl0ZXM=\r\n\r\n--") != std::string::npos);
}
