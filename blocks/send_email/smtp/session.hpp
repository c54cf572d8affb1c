// One SMTP session, stage by stage: open (connect, TLS, greeting, EHLO, STARTTLS), authenticate, transfer,
// quit. Every failure becomes a BlockFailure with its kind and stage; each finished stage is reported to
// Hooks::stage with its duration (the connection check prints them).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "send_email/smtp/dialog.hpp"
#include "send_email/smtp/errors.hpp"
#include "send_email/smtp/transport.hpp"

namespace mailblock::send_email::smtp {

class Session {
public:
    Session(const TransportSettings& s, const Hooks& h) : s_(s), h_(h) { where_ = Where{&s_.endpoint, h_.lang}; }

    // Connect, TLS, greeting, EHLO and STARTTLS as the endpoint asks.
    void open();
    // AUTH when a login is given (refused over an unencrypted connection unless explicitly allowed).
    void authenticate();
    // MAIL, RCPT, DATA and the message; the reply to the end of data is in the result.
    Delivery transfer(const Envelope& env, const std::string& message);
    // QUIT, quietly.
    void quit();
    // All of the above, with a QUIT after a refusal from a server that still answers.
    Delivery run(const Envelope& envelope, const std::string& message);

    const Capabilities& capabilities() const { return caps_; }
    const std::string& mechanism() const { return mechanism_; }

private:
    [[noreturn]] void fail(sdk::BlockError e) { throw sdk::BlockFailure(std::move(e)); }

    template <typename F>
    auto guarded(Stage stage, F f) -> decltype(f()) {
        try {
            return f();
        } catch (const sdk::BlockFailure&) {
            throw;
        } catch (const std::exception& e) {
            fail(exceptionError(stage, e, where_));
        }
    }

    Reply expect(Stage stage, Reply r);
    void ehlo();
    void startTls();
    // Tells Hooks::stage that `stage` finished, with the time since the previous one.
    void finished(Stage stage, const std::string& detail = {});

    const TransportSettings& s_;
    const Hooks& h_;
    Where where_;
    Poco::Net::Context::Ptr tls_;
    std::unique_ptr<Dialog> dialog_;
    std::string name_;
    Capabilities caps_;
    bool encrypted_ = false;
    std::string mechanism_;
    std::chrono::steady_clock::time_point mark_ = std::chrono::steady_clock::now();
};

}  // namespace mailblock::send_email::smtp
