// A small IMAP4rev1 client with only what Save to Sent needs: capabilities, STARTTLS, LOGIN/AUTHENTICATE,
// LIST (with SPECIAL-USE or XLIST), EXAMINE + UID SEARCH, APPEND and LOGOUT. Built on Poco sockets.
#pragma once

#include <Poco/Net/StreamSocket.h>

#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/connection.hpp"
#include "common/sasl_client.hpp"
#include "save_to_sent/imap/response.hpp"

namespace mailblock::save_to_sent::imap {

// A tagged NO/BAD (or BYE) from the server, with its response code ("OVERQUOTA", "AUTHENTICATIONFAILED", ...).
struct CommandFailed : std::runtime_error {
    CommandFailed(std::string command, Status s)
        : std::runtime_error(s.status + (s.code.empty() ? "" : " [" + s.code + "]") + " " + s.text),
          command(std::move(command)), status(std::move(s)) {}
    std::string command;  // the command's name (LOGIN, APPEND, ...)
    Status status;
};

// A mechanism asked for by name that the server does not offer: nothing was sent. `offered` as in
// Client::offeredMechanisms.
struct NoSaslMechanism : std::runtime_error {
    NoSaslMechanism(const std::string& wanted, std::string offered_mechanisms)
        : std::runtime_error("the server does not offer " + wanted), mechanism(wanted), offered(std::move(offered_mechanisms)) {}
    std::string mechanism;
    std::string offered;
};

// A token to send, but the server offers neither AUTH=XOAUTH2 nor AUTH=OAUTHBEARER: nothing was sent. `offered` is
// the mechanisms it does offer ("PLAIN LOGIN"; empty: none).
struct NoTokenMechanism : std::runtime_error {
    explicit NoTokenMechanism(std::string offered_mechanisms)
        : std::runtime_error("the server offers neither XOAUTH2 nor OAUTHBEARER"),
          offered(std::move(offered_mechanisms)) {}
    std::string offered;
};

struct Mailbox {
    std::string name;  // UTF-8 (decoded from modified UTF-7)
    std::string wire;  // as the server spells it
    std::vector<std::string> flags;  // \Sent, \Noselect, \HasChildren, ...
    bool hasFlag(const std::string& f) const;
};

struct AppendResult {
    std::optional<uint32_t> uid;          // from APPENDUID (RFC 4315) when the server offers UIDPLUS
    std::optional<uint32_t> uid_validity;
};

using Trace = std::function<void(const std::string&)>;

class Client {
public:
    Client(common::Endpoint endpoint, Trace trace);
    ~Client();

    // Connects, reads the greeting and capabilities; negotiates STARTTLS when the endpoint asks for it (Auto: when
    // the server offers it).
    void open();
    bool hasCapability(const std::string& cap) const;
    bool encrypted() const { return encrypted_; }

    // Signs in with `mechanism` through the SASL library (common/sasl_client). "Auto": SCRAM-SHA-256, SCRAM-SHA-1,
    // CRAM-MD5, PLAIN as offered (a NO on SCRAM or CRAM-MD5 tries the next one once), else the LOGIN command;
    // "Windows": GSSAPI when a ticket for imap/HOST can be had, else NTLM; "LOGIN" is the IMAP command; another
    // mechanism the server does not offer throws NoSaslMechanism before anything is sent. With a
    // token XOAUTH2, or OAUTHBEARER when only that is offered (neither: NoTokenMechanism). Credentials never reach
    // the trace. Throws common::sasl::LibraryError when the library cannot go on (no ticket, ...).
    void signIn(const std::string& mechanism, const common::sasl::Identity& who);
    // The AUTH= mechanisms the server offers, space-separated ("PLAIN LOGIN"; empty: none).
    std::string offeredMechanisms() const;
    // The SASL mechanism last tried ("GSSAPI", "NTLM", ...; empty before any).
    const std::string& mechanism() const { return mechanism_; }
    void loginWithToken(const std::string& user, const std::string& token);

    std::vector<Mailbox> listMailboxes();
    // UIDs of messages in `mailbox` whose Message-ID header contains `message_id`.
    std::vector<uint32_t> findMessageId(const std::string& mailbox_wire, const std::string& message_id);
    // The message is read from `message` (`size` bytes) and streamed as the literal: big ones never sit in memory.
    AppendResult append(const std::string& mailbox_wire, const std::vector<std::string>& flags,
                        const std::string& internal_date, std::istream& message, uint64_t size);
    void logout();

private:
    // Sends one tagged command and reads to its tagged status. `shown` replaces the line in the trace; `answer`
    // gives the reply to each "+" continuation (none: a "+" is an error).
    Status command(const std::string& line, std::vector<RawResponse>* untagged = nullptr, const std::string& shown = {},
                   const std::function<std::string(const std::string& challenge)>& answer = nullptr);
    void authenticate(const std::string& mechanism, const std::string& payload);
    // AUTHENTICATE through the library's exchange (the initial response inline with SASL-IR).
    void authenticateSasl(const std::string& mechanism, const common::sasl::Identity& who);
    // The LOGIN command (an 8-bit password as a literal).
    void loginCommand(const std::string& user, const std::string& password);
    void signedIn(const Status& ok);
    void send(const std::string& bytes);
    // A new response reader over socket_ (after connecting, and again once TLS has started).
    void readFromSocket();
    void readCapabilities(const Status& greeting_or_ok, const std::vector<RawResponse>& untagged);
    void refreshCapabilities();
    void startTls();

    common::Endpoint endpoint_;
    Trace trace_;
    Poco::Net::Context::Ptr tls_;
    Poco::Net::StreamSocket socket_;
    std::unique_ptr<ResponseReader> reader_;
    std::vector<std::string> caps_;
    unsigned tag_ = 0;
    bool encrypted_ = false;
    std::string mechanism_;
};

// An IMAP quoted string (RFC 3501 9). Only for 7-bit text without CR, LF or NUL (quotable()); anything else must
// travel as a literal.
std::string quoted(const std::string& s);
bool quotable(const std::string& s);
// A command with astring arguments, cut where literals go (RFC 3501 4.3): the first piece is sent as the command
// line, each further one after the server's "+"; every piece but the last ends with the next literal's "{n}".
// commandPieces("LOGIN", {"ivan", "пароль"}) -> {"LOGIN \"ivan\" {12}", "пароль"}.
std::vector<std::string> commandPieces(const std::string& verb, const std::vector<std::string>& args);

}  // namespace mailblock::save_to_sent::imap
