#include "common/sasl_client.hpp"

#include <gsasl.h>

#include <mutex>

namespace mailblock::common::sasl {

namespace {

// One library context for the process, made on first use; gsasl_init is not thread-safe, the sessions are.
Gsasl* library() {
    static Gsasl* ctx = nullptr;
    static int rc = GSASL_OK;
    static std::once_flag once;
    std::call_once(once, [] { rc = gsasl_init(&ctx); });
    if (rc != GSASL_OK) throw LibraryError("", rc, gsasl_strerror(rc));
    return ctx;
}

void setIfAny(Gsasl_session* s, Gsasl_property p, const std::string& value) {
    if (!value.empty()) gsasl_property_set(s, p, value.c_str());
}

}  // namespace

LibraryError::LibraryError(const std::string& mech, int rc, const std::string& reason)
    : std::runtime_error(reason), mechanism(mech), code(rc) {}

bool LibraryError::noTicket() const {
    return code == GSASL_GSSAPI_ACQUIRE_CRED_ERROR || code == GSASL_GSSAPI_INIT_SEC_CONTEXT_ERROR;
}

bool librarySupports(const std::string& mechanism) { return gsasl_client_support_p(library(), mechanism.c_str()) != 0; }

bool clientFirst(const std::string& mechanism) {
    return mechanism != "LOGIN" && mechanism != "CRAM-MD5" && mechanism != "NTLM";
}

struct Exchange::Session {
    Gsasl_session* s = nullptr;
    ~Session() {
        if (s) gsasl_finish(s);
    }
};

Exchange::Exchange(const std::string& mechanism, const Identity& who)
    : session_(std::make_unique<Session>()), mechanism_(mechanism) {
    int rc = gsasl_client_start(library(), mechanism.c_str(), &session_->s);
    if (rc != GSASL_OK) throw LibraryError(mechanism, rc, gsasl_strerror(rc));
    Gsasl_session* s = session_->s;
    setIfAny(s, GSASL_AUTHID, who.login);
    setIfAny(s, GSASL_PASSWORD, who.password);
    setIfAny(s, GSASL_SERVICE, who.service);
    setIfAny(s, GSASL_HOSTNAME, who.host);
    setIfAny(s, GSASL_REALM, who.domain);  // NTLM's domain
    // RFC 4505: the trace token ANONYMOUS sends; the login when there is one, as mail clients do.
    gsasl_property_set(s, GSASL_ANONYMOUS_TOKEN, who.login.empty() ? "mailblock" : who.login.c_str());
}

Exchange::~Exchange() = default;

std::string Exchange::step(const std::string& challenge_base64) {
    char* out = nullptr;
    int rc = gsasl_step64(session_->s, challenge_base64.c_str(), &out);
    std::string reply = out ? out : "";
    gsasl_free(out);
    if (rc == GSASL_OK)
        finished_ = true;
    else if (rc != GSASL_NEEDS_MORE)
        throw LibraryError(mechanism_, rc, gsasl_strerror(rc));
    return reply;
}

}  // namespace mailblock::common::sasl
