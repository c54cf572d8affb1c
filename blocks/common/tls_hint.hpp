// What to do about a failed TLS connection, read from the error text (OpenSSL's, with the certificate
// verification result that connection.cpp adds): mode mismatch, wrong name, untrusted, expired or not yet valid
// certificate, a server with only TLS 1.0/1.1. Shared by every block that connects.
#pragma once

#include <string>

namespace mailblock::common {

std::string tlsHint(const std::string& what, const std::string& lang);

}  // namespace mailblock::common
