#include "common/connection.hpp"

#include <Poco/Net/NetSSL.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <mutex>

namespace mailblock::common {

const char* securityName(Security s) {
    switch (s) {
        case Security::None: return "None";
        case Security::StartTls: return "STARTTLS";
        case Security::Implicit: return "SSL on connect";
    }
    return "?";
}

namespace {
// Poco asks a process-wide handler what to do with a certificate that failed verification; its default may
// prompt on the console. A block must never prompt: failures are refused and reported.
void refuseInvalidCertificatesOnce(Poco::Net::Context::Ptr ctx) {
    static std::once_flag once;
    std::call_once(once, [&] {
        Poco::Net::initializeSSL();
        Poco::Net::SSLManager::InvalidCertificateHandlerPtr reject(new Poco::Net::RejectCertificateHandler(false));
        Poco::Net::SSLManager::instance().initializeClient(nullptr, reject, ctx);
    });
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
    refuseInvalidCertificatesOnce(ctx);
    return ctx;
}

namespace {
void tune(Poco::Net::StreamSocket& s, const Endpoint& e) {
    Poco::Timespan t(static_cast<long>(e.timeout.count()), 0);
    s.setReceiveTimeout(t);
    s.setSendTimeout(t);
    // Without this each message's final small write waits out the peer's delayed ACK (~40 ms).
    s.setNoDelay(true);
}
}  // namespace

Poco::Net::StreamSocket connect(const Endpoint& e, const Poco::Net::Context::Ptr& tls) {
    Poco::Net::SocketAddress address(e.host, e.port);
    Poco::Net::StreamSocket raw;
    raw.connect(address, Poco::Timespan(static_cast<long>(e.timeout.count()), 0));
    tune(raw, e);
    if (e.security != Security::Implicit) return raw;
    return startTls(raw, e, tls);
}

Poco::Net::StreamSocket startTls(const Poco::Net::StreamSocket& plain, const Endpoint& e,
                                 const Poco::Net::Context::Ptr& tls) {
    Poco::Net::SecureStreamSocket secure = Poco::Net::SecureStreamSocket::attach(plain, e.host, tls);
    secure.completeHandshake();
    tune(secure, e);
    return secure;
}

}  // namespace mailblock::common
