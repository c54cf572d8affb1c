// What a network or TLS failure was, in the run's language: the English of the OS, Poco and OpenSSL ("Connection
// reset by peer", "Timeout", "Operation would block") never reaches a Russian text. Shared by SMTP and IMAP.
#pragma once

#include <exception>
#include <string>

namespace mailblock::common {

// "сервер разорвал соединение" / "the server reset the connection", ...: a lower-case phrase to follow a colon.
// Known errno values and our own socket messages are translated; anything else is named by its system code.
std::string networkFailure(const std::exception& e, const std::string& lang);

// What a TLS failure means ("сертификат сервера не прошёл проверку", ...), from OpenSSL's and Poco's words (the
// English text adds OpenSSL's own in parentheses); an unknown one keeps OpenSSL's text in quotes.
std::string tlsFailure(const std::string& what, const std::string& lang);

// The text of any exception, from Poco's displayText() when it is one, repaired to valid UTF-8.
std::string exceptionText(const std::exception& e);

}  // namespace mailblock::common
