#include "common/connection.hpp"

#include <Poco/Net/IPAddress.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "common/dial.hpp"

namespace mailblock::common {

const char* securityName(Security s) {
    switch (s) {
        case Security::None: return "None";
        case Security::StartTls: return "STARTTLS";
        case Security::StartTlsIfOffered: return "STARTTLS if offered";
        case Security::Implicit: return "SSL on connect";
    }
    return "?";
}

namespace {

// OpenSSL's reason for the last refused certificate on this thread ("certificate has expired", ...): the
// handshake's own error says only "certificate verify failed", and the user needs to know which defect it was.
thread_local std::string t_certificate_error;

// Verification runs in our own OpenSSL callback on each connection's SSL_CTX. Poco's callback would ask
// SSLManager's process-wide handler (and notify its event) whenever a certificate fails, so the host's handler,
// or one we installed there, would decide for us; a block never prompts, and installs nothing process-wide.
// With "Accept an untrusted certificate" (SSL_VERIFY_NONE) OpenSSL ignores the answer, and nothing is kept.
int verifyPeer(int ok, X509_STORE_CTX* store) {
    const SSL* ssl = static_cast<const SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    if (!ok && ssl && SSL_get_verify_mode(ssl) != SSL_VERIFY_NONE && t_certificate_error.empty())
        t_certificate_error = X509_verify_cert_error_string(X509_STORE_CTX_get_error(store));
    return ok;
}

bool isAddressLiteral(const std::string& host) {
    Poco::Net::IPAddress ip;
    return Poco::Net::IPAddress::tryParse(host, ip);
}

// An address must be named in the certificate as an address (an iPAddress SAN, RFC 9525 6.2.1); Poco would also
// take a DNS name spelled like the address.
void requireAddressInCertificate(const Poco::Net::SecureStreamSocket& socket, const std::string& host) {
    Poco::Net::X509Certificate cert = socket.peerCertificate();
    if (X509_check_ip_asc(const_cast<X509*>(cert.certificate()), host.c_str(), 0) != 1)
        throw Poco::Net::CertificateValidationException("hostname mismatch: the certificate does not name the address " + host);
}

}  // namespace

Poco::Net::Context::Ptr makeTlsContext(const Endpoint& e) {
    using Poco::Net::Context;
    Context::Params params;
    // STRICT, not RELAXED: Poco skips the host name check for loopback hosts unless the mode is STRICT, and a
    // server always presents a certificate, so STRICT costs a client nothing.
    params.verificationMode = e.accept_untrusted ? Context::VERIFY_NONE : Context::VERIFY_STRICT;
    params.loadDefaultCAs = true;
    params.caLocation = e.ca_file;
    params.cipherList = "HIGH:!aNULL:!MD5:!RC4";
    Context::Ptr ctx = new Context(Context::TLS_CLIENT_USE, params);
    ctx->disableProtocols(Context::PROTO_SSLV2 | Context::PROTO_SSLV3 | Context::PROTO_TLSV1 | Context::PROTO_TLSV1_1);
    // Host name checks belong to verification; an explicitly untrusted certificate skips both.
    ctx->enableExtendedCertificateVerification(!e.accept_untrusted);
    SSL_CTX_set_verify(ctx->sslContext(), SSL_CTX_get_verify_mode(ctx->sslContext()), &verifyPeer);
    return ctx;
}

namespace {
void tune(Poco::Net::StreamSocket& s, const Endpoint& e) {
    Poco::Timespan t(static_cast<long>(e.timeout.count()), 0);
    s.setReceiveTimeout(t);
    s.setSendTimeout(t);
}

// The blocking form of a socket dialed within a deadline: reads and writes wait up to the timeout each.
Poco::Net::StreamSocket blocking(Poco::Net::StreamSocket plain, Poco::Net::StreamSocket s, const Endpoint& e) {
    plain.setBlocking(true);  // the flag Poco's TLS layer reads is the plain socket's
    tune(s, e);
    return s;
}
}  // namespace

Poco::Net::StreamSocket connect(const Endpoint& e, const Poco::Net::Context::Ptr& tls, const Deadline& d) {
    Poco::Net::StreamSocket raw = connectAny(resolveWithin(e.host, e.port, d), d);
    // Without this each message's final small write waits out the peer's delayed ACK (~40 ms).
    raw.setNoDelay(true);
    if (e.security != Security::Implicit) return raw;
    return startTls(raw, e, tls, d);
}

Poco::Net::StreamSocket connect(const Endpoint& e, const Poco::Net::Context::Ptr& tls) {
    const Deadline d(e.timeout);
    Poco::Net::StreamSocket raw = connectAny(resolveWithin(e.host, e.port, d), d);
    raw.setNoDelay(true);
    return blocking(raw, e.security == Security::Implicit ? startTls(raw, e, tls, d) : raw, e);
}

bool wantsStartTls(Security s, bool offered) { return s == Security::StartTls || (s == Security::StartTlsIfOffered && offered); }

Poco::Net::StreamSocket startTls(const Poco::Net::StreamSocket& plain, const Endpoint& e,
                                 const Poco::Net::Context::Ptr& tls) {
    return blocking(plain, startTls(plain, e, tls, Deadline(e.timeout)), e);
}

Poco::Net::StreamSocket startTls(const Poco::Net::StreamSocket& plain, const Endpoint& e,
                                 const Poco::Net::Context::Ptr& tls, const Deadline& d) {
    // No SNI for an address literal (RFC 6066 3): Poco then checks the certificate against the peer's address.
    const bool address = isAddressLiteral(e.host);
    t_certificate_error.clear();
    try {
        Poco::Net::SecureStreamSocket secure = handshakeWithin(plain, address ? std::string() : e.host, tls, d);
        if (address && !e.accept_untrusted) requireAddressInCertificate(secure, e.host);
        return secure;
    } catch (const Poco::Net::SSLException& ex) {
        if (t_certificate_error.empty()) throw;
        throw Poco::Net::CertificateValidationException(ex.message() + " (" + t_certificate_error + ")");
    }
}

void refuseDataBeforeTls(size_t bytes) {
    throw Poco::Net::SSLException("the server sent " + std::to_string(bytes) +
                                  " bytes after its go-ahead to STARTTLS, before TLS began (STARTTLS injection?): the "
                                  "connection was dropped unused");
}

}  // namespace mailblock::common
