// The seam between a composed message and where it goes: a transport takes an envelope and the exact bytes,
// and knows no MIME (compare lettre's Transport, MailKit's IMailTransport). Tests of the message never open a
// socket; tests of a transport never build MIME. One transport per send, on the block's thread.
#pragma once

#include <string>

#include "send_email/smtp/transport.hpp"

namespace mailblock::send_email {

class Transport {
public:
    virtual ~Transport() = default;
    // Hands the message over. Throws sdk::BlockFailure when nobody got it (see smtp::deliver for SMTP's cases).
    virtual smtp::Delivery send(const smtp::Envelope& envelope, const smtp::MessageData& message, const smtp::Hooks& hooks) = 0;
};

// Today's way out: an SMTP server, with retries and the connection pool (smtp/transport.hpp).
class SmtpTransport : public Transport {
public:
    SmtpTransport(const smtp::TransportSettings& settings, const smtp::PoolOptions& pool) : settings_(settings), pool_(pool) {}
    smtp::Delivery send(const smtp::Envelope& envelope, const smtp::MessageData& message, const smtp::Hooks& hooks) override;

private:
    const smtp::TransportSettings& settings_;
    const smtp::PoolOptions& pool_;
};

// «Только сохранить .eml»: writes the exact bytes SMTP would send into a file (a dry run, a ticket's
// attachment). Nothing goes to any server; every recipient stays not_sent. The file is written under a temporary
// name and renamed, so a reader never sees half a message. Throws sdk::BlockFailure (kind "file") when it cannot.
class FileTransport : public Transport {
public:
    FileTransport(std::string path, std::string lang) : path_(std::move(path)), lang_(std::move(lang)) {}
    smtp::Delivery send(const smtp::Envelope& envelope, const smtp::MessageData& message, const smtp::Hooks& hooks) override;

private:
    std::string path_;
    std::string lang_;
};

}  // namespace mailblock::send_email
