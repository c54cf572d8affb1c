#include "save_to_sent/imap/client.hpp"

#include "mailblock/sdk/ascii.hpp"

#include <algorithm>
#include <sstream>

#include "common/kerberos.hpp"
#include "common/sasl.hpp"
#include "save_to_sent/imap/mutf7.hpp"

namespace mailblock::save_to_sent::imap {

namespace {

std::string firstWord(const std::string& line) { return line.substr(0, line.find(' ')); }

}  // namespace

bool Mailbox::hasFlag(const std::string& f) const {
    for (const auto& x : flags)
        if (sdk::ascii::upper(x) == sdk::ascii::upper(f)) return true;
    return false;
}

bool quotable(const std::string& s) {
    for (unsigned char c : s)
        if (c == 0 || c == '\r' || c == '\n' || c >= 0x80) return false;
    return true;
}

std::vector<std::string> commandPieces(const std::string& verb, const std::vector<std::string>& args) {
    std::vector<std::string> pieces;
    std::string current = verb;
    for (const auto& a : args) {
        if (quotable(a)) {
            current += " " + quoted(a);
            continue;
        }
        pieces.push_back(current + " {" + std::to_string(a.size()) + "}");
        current = a;
    }
    pieces.push_back(current);
    return pieces;
}

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

Client::Client(common::Endpoint endpoint, Trace trace) : endpoint_(std::move(endpoint)), trace_(std::move(trace)) {}

Client::~Client() {
    try {
        socket_.close();
    } catch (...) {
    }
}

void Client::send(const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size())
        sent += static_cast<size_t>(socket_.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent)));
}

void Client::open() {
    tls_ = endpoint_.security == common::Security::None ? nullptr : common::makeTlsContext(endpoint_);
    socket_ = common::connect(endpoint_, tls_);
    encrypted_ = endpoint_.security == common::Security::Implicit;
    readFromSocket();
    RawResponse greeting = reader_->next();
    if (trace_) trace_("S: " + greeting.text);
    Status s = parseStatus(greeting);
    if (s.status != "OK" && s.status != "PREAUTH") throw CommandFailed("greeting", s);
    readCapabilities(s, {});
    if (endpoint_.security == common::Security::StartTlsIfOffered && caps_.empty()) refreshCapabilities();
    if (common::wantsStartTls(endpoint_.security, hasCapability("STARTTLS"))) startTls();
}

void Client::readFromSocket() {
    reader_ = std::make_unique<ResponseReader>([this](char* buf, size_t max) {
        return static_cast<size_t>(socket_.receiveBytes(buf, static_cast<int>(max)));
    });
}

void Client::readCapabilities(const Status& status, const std::vector<RawResponse>& untagged) {
    std::string caps;
    if (sdk::ascii::upper(firstWord(status.code)) == "CAPABILITY") caps = status.code;
    for (const auto& r : untagged)
        if (sdk::ascii::upper(firstWord(r.text.substr(r.text.find(' ') + 1))) == "CAPABILITY") caps = r.text.substr(2);
    if (caps.empty()) return;
    caps_.clear();
    std::istringstream words(caps);
    std::string w;
    words >> w;  // "CAPABILITY"
    while (words >> w) caps_.push_back(sdk::ascii::upper(w));
}

void Client::refreshCapabilities() {
    std::vector<RawResponse> untagged;
    Status s = command("CAPABILITY", &untagged);
    readCapabilities(s, untagged);
}

bool Client::hasCapability(const std::string& cap) const {
    return std::find(caps_.begin(), caps_.end(), sdk::ascii::upper(cap)) != caps_.end();
}

void Client::startTls() {
    if (caps_.empty()) refreshCapabilities();
    if (!hasCapability("STARTTLS"))
        throw CommandFailed("STARTTLS", Status{"", "NO", "", "the server does not offer STARTTLS"});
    command("STARTTLS");
    // Anything after the tagged OK came in plain text before TLS (CVE-2011-0411): read as if it came over TLS, an
    // injected "* LIST (\Sent) ..." would choose the folder. Refused; after TLS a new reader reads the TLS stream only.
    if (size_t injected = reader_->buffered()) common::refuseDataBeforeTls(injected);
    socket_ = common::startTls(socket_, endpoint_, tls_);
    readFromSocket();
    encrypted_ = true;
    caps_.clear();  // RFC 3501 6.2.1: capabilities must be asked again after TLS
    refreshCapabilities();
}

Status Client::command(const std::string& line, std::vector<RawResponse>* untagged, const std::string& shown,
                       const std::function<std::string(const std::string&)>& answer) {
    std::string tag = "A" + std::to_string(++tag_);
    if (trace_) trace_("C: " + tag + " " + (shown.empty() ? line : shown));
    send(tag + " " + line + "\r\n");
    while (true) {
        RawResponse r = reader_->next();
        if (trace_) trace_("S: " + (r.text.size() > 300 ? r.text.substr(0, 300) + "..." : r.text));
        Status s = parseStatus(r);
        if (s.tag == "+") {
            if (!answer)
                throw CommandFailed(firstWord(line), Status{"", "BAD", "", "the server asked for more input (+) where none is due"});
            send(answer(s.text) + "\r\n");
            continue;
        }
        if (s.tag == tag) {
            if (s.status != "OK") throw CommandFailed(firstWord(line), s);
            return s;
        }
        if (s.tag == "*" && s.status == "BYE") throw CommandFailed(firstWord(line), s);
        if (untagged && s.tag == "*") untagged->push_back(std::move(r));
    }
}

// The initial response goes on the command line when the server has SASL-IR (RFC 4959), else after its "+". A
// "+" after that is a refusal (a token's error JSON, RFC 7628 3.2.2), answered so that the tagged NO follows.
void Client::authenticate(const std::string& mechanism, const std::string& payload) {
    const std::string line = "AUTHENTICATE " + mechanism;
    const bool initial_inline = hasCapability("SASL-IR");
    bool payload_sent = initial_inline;
    auto answer = [&](const std::string&) -> std::string {
        if (!payload_sent) {
            payload_sent = true;
            if (trace_) trace_("C: ***");
            return payload;
        }
        std::string decline = common::sasl::declineTokenChallenge(mechanism);
        if (trace_)
            trace_(decline.empty() ? "C: (empty line: the challenge is declined)" : "C: " + decline + " (the challenge is declined)");
        return decline;
    };
    signedIn(initial_inline ? command(line + " " + payload, nullptr, line + " ***", answer)
                            : command(line, nullptr, line, answer));
}

// Capabilities change once signed in (RFC 3501 6.2): taken from the OK when it lists them, else asked again.
void Client::signedIn(const Status& ok) {
    if (sdk::ascii::upper(firstWord(ok.code)) == "CAPABILITY") readCapabilities(ok, {});
    else refreshCapabilities();
}

void Client::authenticateSasl(const std::string& mechanism, const common::sasl::Identity& who) {
    mechanism_ = mechanism;
    common::sasl::Exchange exchange(mechanism, who);
    const bool first = common::sasl::clientFirst(mechanism);
    const bool initial_inline = first && hasCapability("SASL-IR");
    std::string initial = first ? exchange.step("") : "";
    bool initial_due = first && !initial_inline;
    std::exception_ptr gave_up;  // the library's error; the exchange is cancelled ("*") and the BAD that follows dropped
    auto answer = [&](const std::string& challenge) -> std::string {
        if (trace_) trace_("C: ***");
        if (initial_due) {
            initial_due = false;
            return initial;
        }
        try {
            return exchange.step(challenge);
        } catch (const common::sasl::LibraryError&) {
            gave_up = std::current_exception();
            return "*";
        }
    };
    const std::string line = "AUTHENTICATE " + mechanism;
    try {
        signedIn(initial_inline ? command(line + " " + (initial.empty() ? "=" : initial), nullptr, line + " ***", answer)
                                : command(line, nullptr, line, answer));
    } catch (const CommandFailed&) {
        if (gave_up) std::rethrow_exception(gave_up);
        throw;
    }
}

void Client::signIn(const std::string& mechanism, const common::sasl::Identity& who) {
    if (mechanism == "XOAUTH2" || mechanism == "OAUTHBEARER") return loginWithToken(who.login, who.password);
    if (mechanism == "LOGIN") return loginCommand(who.login, who.password);
    auto ticket = [&] {
        return hasCapability("AUTH=GSSAPI") && common::kerberos::usableTicketFor(who.service, who.host, who.login);
    };
    if (mechanism == "Windows") return authenticateSasl(ticket() ? "GSSAPI" : "NTLM", who);
    if (mechanism != "Auto") {
        if (!hasCapability("AUTH=" + mechanism)) throw NoSaslMechanism(mechanism, offeredMechanisms());
        return authenticateSasl(mechanism, who);
    }
    // Safest first, as Send email orders them (smtp/auth.hpp): the ticket leads when there is no password.
    std::vector<std::string> offered;
    const bool kerberos = ticket();
    if (kerberos && who.password.empty()) offered.emplace_back("GSSAPI");
    for (const char* m : {"SCRAM-SHA-256", "SCRAM-SHA-1"})
        if (hasCapability(std::string("AUTH=") + m)) offered.emplace_back(m);
    if (kerberos && !who.password.empty()) offered.emplace_back("GSSAPI");
    for (const char* m : {"CRAM-MD5", "PLAIN"})
        if (hasCapability(std::string("AUTH=") + m)) offered.emplace_back(m);
    if (offered.empty()) return loginCommand(who.login, who.password);
    try {
        authenticateSasl(offered[0], who);
    } catch (const CommandFailed&) {
        // SCRAM and CRAM-MD5 need secrets the server keeps per mechanism, GSSAPI a principal mapped to the
        // account: the next one, once.
        if (offered[0] == "PLAIN" || offered.size() < 2) throw;
        if (trace_) trace_("(" + offered[0] + " refused; trying " + offered[1] + " once)");
        authenticateSasl(offered[1], who);
    }
}

void Client::loginCommand(const std::string& user, const std::string& password) {
    if (hasCapability("LOGINDISABLED"))
        throw CommandFailed("LOGIN", Status{"", "NO", "PRIVACYREQUIRED", "the server disables LOGIN on this connection"});
    // An 8-bit (Cyrillic) password cannot be a quoted string (RFC 3501 9): it goes as a literal after the "+".
    std::vector<std::string> pieces = commandPieces("LOGIN", {user, password});
    size_t next = 1;
    auto continuation = [&](const std::string&) -> std::string {
        if (next >= pieces.size())
            throw CommandFailed("LOGIN", Status{"", "BAD", "", "the server asked for more input (+) where none is due"});
        if (trace_) trace_("C: *** (literal)");
        return pieces[next++];
    };
    const std::string shown = quotable(user) ? "LOGIN " + quoted(user) + " ***" : "LOGIN ***";
    signedIn(command(pieces.front(), nullptr, shown, continuation));
}

void Client::loginWithToken(const std::string& user, const std::string& token) {
    // XOAUTH2 is what Gmail and Microsoft take; OAUTHBEARER (RFC 7628) only when it is all the server offers. A
    // server offering neither would answer "unsupported mechanism", which must not pass for a refused token.
    if (hasCapability("AUTH=XOAUTH2")) return authenticate("XOAUTH2", common::sasl::xoauth2(user, token));
    if (hasCapability("AUTH=OAUTHBEARER"))
        return authenticate("OAUTHBEARER", common::sasl::oauthBearer(user, token, endpoint_.host, endpoint_.port));
    throw NoTokenMechanism(offeredMechanisms());
}

std::string Client::offeredMechanisms() const {
    std::string offered;
    for (const auto& c : caps_)
        if (c.rfind("AUTH=", 0) == 0) offered += (offered.empty() ? "" : " ") + c.substr(5);
    return offered;
}

std::vector<Mailbox> Client::listMailboxes() {
    std::vector<RawResponse> untagged;
    std::string verb = "LIST";
    if (hasCapability("SPECIAL-USE")) command("LIST \"\" \"*\" RETURN (SPECIAL-USE)", &untagged);
    else if (hasCapability("XLIST")) {
        verb = "XLIST";  // pre-RFC 6154 Gmail-style servers flag the Sent folder here
        command("XLIST \"\" \"*\"", &untagged);
    } else command("LIST \"\" \"*\"", &untagged);
    std::vector<Mailbox> out;
    for (const auto& r : untagged) {
        std::vector<Token> t = tokenize(r);
        if (t.empty() || sdk::ascii::upper(t[0].value) != verb || t.size() < 5 || t[1].kind != Token::Kind::ListOpen) continue;
        Mailbox m;
        size_t i = 2;
        for (; i < t.size() && t[i].kind != Token::Kind::ListClose; ++i) m.flags.push_back(t[i].value);
        if (i + 2 >= t.size()) continue;
        m.wire = t[i + 2].value;
        try {
            m.name = decodeMailboxName(m.wire);
        } catch (const std::invalid_argument&) {
            m.name = m.wire;
        }
        out.push_back(std::move(m));
    }
    return out;
}

std::vector<uint32_t> Client::findMessageId(const std::string& mailbox_wire, const std::string& message_id) {
    command("EXAMINE " + quoted(mailbox_wire));
    std::vector<RawResponse> untagged;
    command("UID SEARCH HEADER Message-ID " + quoted("<" + message_id + ">"), &untagged);
    std::vector<uint32_t> uids;
    for (const auto& r : untagged) {
        std::vector<Token> t = tokenize(r);
        if (t.empty() || sdk::ascii::upper(t[0].value) != "SEARCH") continue;
        for (size_t i = 1; i < t.size(); ++i)
            if (t[i].kind == Token::Kind::Atom) uids.push_back(static_cast<uint32_t>(std::stoul(t[i].value)));
    }
    command("CLOSE");
    return uids;
}

AppendResult Client::append(const std::string& mailbox_wire, const std::vector<std::string>& flags,
                            const std::string& internal_date, std::istream& message, uint64_t size) {
    std::string flag_list;
    for (const auto& f : flags) flag_list += (flag_list.empty() ? "" : " ") + f;
    std::string tag = "A" + std::to_string(++tag_);
    std::string head = "APPEND " + quoted(mailbox_wire) + " (" + flag_list + ")";
    if (!internal_date.empty()) head += " " + quoted(internal_date);
    head += " {" + std::to_string(size) + "}";
    if (trace_) trace_("C: " + tag + " " + head);
    send(tag + " " + head + "\r\n");
    // Wait for the continuation: the server may refuse the size (quota) before we send a byte.
    while (true) {
        RawResponse r = reader_->next();
        Status s = parseStatus(r);
        if (trace_) trace_("S: " + r.text);
        if (s.tag == "+") break;
        if (s.tag == tag) throw CommandFailed("APPEND", s);
        if (s.tag == "*" && s.status == "BYE") throw CommandFailed("APPEND", s);
    }
    if (trace_) trace_("C: <message, " + std::to_string(size) + " bytes>");
    std::vector<char> chunk(size_t{256} * 1024);
    uint64_t sent = 0;
    while (sent < size && (message.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || message.gcount() > 0)) {
        size_t n = static_cast<size_t>(std::min<uint64_t>(static_cast<uint64_t>(message.gcount()), size - sent));
        send(std::string(chunk.data(), n));
        sent += n;
    }
    // The literal's size was promised up front: a short source would desynchronise the protocol.
    if (sent != size) throw ProtocolError("the message to store ended early (" + std::to_string(sent) + " of " + std::to_string(size) + " bytes)");
    send("\r\n");
    while (true) {
        RawResponse r = reader_->next();
        Status s = parseStatus(r);
        if (trace_) trace_("S: " + r.text);
        if (s.tag != tag) continue;
        if (s.status != "OK") throw CommandFailed("APPEND", s);
        AppendResult result;
        std::istringstream code(s.code);
        std::string word;
        uint32_t validity = 0, uid = 0;
        if (code >> word && sdk::ascii::upper(word) == "APPENDUID" && code >> validity >> uid) {
            result.uid_validity = validity;
            result.uid = uid;
        }
        return result;
    }
}

void Client::logout() {
    try {
        command("LOGOUT");
    } catch (...) {
        // The server may close right after its BYE; the work is already done.
    }
}

}  // namespace mailblock::save_to_sent::imap
