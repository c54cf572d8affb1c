// A named connection (reference 003: an administrator's connection with a system name, a description,
// «Отключить» and the file log): the server settings and the sign-in that diagrams refer to by name instead of
// carrying them. Kept in the credential store (common/oauth/credential_store.hpp) next to the OAuth2 credentials,
// because it holds a password. Pure data and its JSON form; nothing here prints a value.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "mailblock/sdk/value.hpp"

namespace mailblock::common {

struct NamedConnection {
    std::string description;
    bool disabled = false;  // «Отключить»: blocks naming it refuse and send nothing
    // SMTP (Send email)
    std::string server;
    uint16_t port = 0;     // 0: by the security mode
    std::string security;  // Auto, None, STARTTLS, SSL on connect; empty: the block's default
    std::string ca_file;   // a company CA's PEM file, for both servers
    // IMAP (Save to Sent); empty: Save to Sent finds it as without a connection
    std::string imap_server;
    uint16_t imap_port = 0;
    std::string imap_security;
    // Sign-in, for both
    std::string auth;  // the Authentication enum's names; empty: Auto
    std::string login;
    std::string password;  // secret
    std::string domain;
    std::string keytab;  // a Kerberos keytab by path (common/keytab_ticket.hpp)
    // The message
    std::string sender;
    std::string sender_name;
    // The file log (reference 001)
    std::string log_file;
    std::string log_mode;  // Off, Errors only, Full
};

using NamedConnections = std::map<std::string, NamedConnection>;

// The JSON form kept in the store. fromValue throws std::runtime_error naming the field, never a value.
sdk::Value connectionToValue(const NamedConnection& c);
NamedConnection connectionFromValue(const sdk::Value& v);

}  // namespace mailblock::common
