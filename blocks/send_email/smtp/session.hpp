// One SMTP session, stage by stage: open (connect, TLS, greeting, EHLO, STARTTLS), authenticate, transfer,
// quit. Every failure becomes a BlockFailure with its kind and stage; each finished stage is reported to
// Hooks::stage with its duration (the connection check prints them).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "send_email/smtp/dialog.hpp"
#include "send_email/smtp/errors.hpp"
#include "send_email/smtp/stop_errors.hpp"
#include "send_email/smtp/transport.hpp"

namespace mailblock::send_email::smtp {

// Gives the TLS context when the session first needs one (SSL on connect, or STARTTLS): a session that stays
// in plain text never loads a CA store.
using TlsContextSource = std::function<Poco::Net::Context::Ptr()>;

class Session {
public:
    // Copies the settings and hooks: a pooled session outlives the block run that opened it.
    Session(TransportSettings s, Hooks h, TlsContextSource tls);
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Hooks of the block run that uses the session now (its log, progress, language, cancellation).
    void rebind(const Hooks& h);
    // A new attempt: everything from here must be done within the endpoint's timeout from now.
    void arm();
    // Makes a kept session ready for a new transaction; false when the server has closed the connection meanwhile
    // (nothing was sent). After a transaction whose data was taken, a new MAIL may follow at once (RFC 5321
    // 4.1.4): nothing is sent then unless the connection shows a sign of life (bytes or a close from the server).
    // After anything else (a refused or unfinished transaction, such a sign) RSET, and its reply, decide.
    bool reset();
    // The last reset() sent nothing and no reply has come since: a close found only now is a close of the idle
    // connection, before the server got anything of this message.
    bool unprobed() const { return unprobed_; }

    // Connect, TLS, greeting, EHLO and STARTTLS as the endpoint asks.
    void open();
    // AUTH when a login is given (refused over an unencrypted connection unless explicitly allowed).
    void authenticate();
    // One mail transaction (MAIL, RCPT, DATA, the message) to `batch`: each recipient's reply and stage are
    // set as its RCPT reply comes. Returns the reply to the end of data, or a reply with code 0 when no
    // recipient was accepted (then no message was sent). Throws BlockFailure for a refused MAIL or DATA and for
    // network failures (at end_of_data: unknown_outcome).
    Reply transaction(const Envelope& env, const std::vector<RecipientResult*>& batch, const MessageData& message);
    // QUIT, quietly.
    void quit();
    // QUIT after a failure only when the server still answers (a stalled one would cost another timeout).
    void quitAfter(const sdk::BlockError& e);
    int messagesSent() const { return messages_; }

    const Capabilities& capabilities() const { return caps_; }
    const std::string& mechanism() const { return mechanism_; }
    bool encrypted() const { return encrypted_; }

private:
    [[noreturn]] void fail(sdk::BlockError e) { throw sdk::BlockFailure(std::move(e)); }

    template <typename F>
    auto guarded(Stage stage, F f) -> decltype(f()) {
        try {
            return f();
        } catch (const sdk::BlockFailure&) {
            throw;
        } catch (const common::Cancelled&) {
            fail(cancelledError(stage, where_));
        } catch (const std::exception& e) {
            fail(exceptionError(stage, e, where_));
        }
    }

    Reply expect(Stage stage, Reply r);
    void ehlo();
    // HELO for a server that does not know EHLO (RFC 5321 3.2), when nothing we need depends on extensions.
    void helo(const Reply& refused);
    void startTls();
    const Poco::Net::Context::Ptr& tls();
    // Tells Hooks::stage that `stage` finished, with the time since the previous one.
    void finished(Stage stage, const std::string& detail = {});

    // Sends MAIL, RCPT and DATA (in one write when the server offers PIPELINING) and reads their replies.
    Reply envelope(const Envelope& env, uint64_t size, const std::vector<RecipientResult*>& batch);
    // RFC 3461 parameters: RET and ENVID appended to `mail`; returns what each RCPT gets (" NOTIFY=...").
    std::string dsnParameters(const DsnRequest& dsn, std::string& mail);

    TransportSettings s_;
    Hooks h_;
    Where where_;
    TlsContextSource tls_source_;
    Poco::Net::Context::Ptr tls_;
    common::Deadline deadline_;
    std::unique_ptr<Dialog> dialog_;
    std::string name_;
    Capabilities caps_;
    bool encrypted_ = false;
    std::string mechanism_;
    int messages_ = 0;
    bool open_transaction_ = false;  // MAIL was sent and the transaction did not end: RSET before the next
    bool clean_ = false;             // the last transaction ended with its data taken (2xx)
    bool unprobed_ = false;          // see unprobed()
    std::chrono::steady_clock::time_point mark_ = std::chrono::steady_clock::now();
};

}  // namespace mailblock::send_email::smtp
