#include "common/kerberos.hpp"

#include <gssapi/gssapi.h>

#include <cstdint>

#include "mailblock/sdk/ascii.hpp"

namespace mailblock::common::kerberos {

namespace {

// MIT krb5's error table (krb5/krb5_err.et, k5-int); GSS-API hands them through as minor codes.
constexpr int32_t kPrincipalUnknown = -1765328377;  // KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN
constexpr int32_t kTicketExpired = -1765328352;     // KRB5KRB_AP_ERR_TKT_EXPIRED
constexpr int32_t kClockSkew = -1765328347;         // KRB5KRB_AP_ERR_SKEW
constexpr int32_t kCacheNoFile = -1765328189;       // KRB5_FCC_NOFILE
constexpr int32_t kCacheNotFound = -1765328243;     // KRB5_CC_NOTFOUND
constexpr int32_t kRealmUnknown = -1765328230;      // KRB5_REALM_UNKNOWN: no KDC known for the realm
constexpr int32_t kCantReachKdc = -1765328228;      // KRB5_KDC_UNREACH
constexpr int32_t kCantResolve = -1765328164;       // KRB5_REALM_CANT_RESOLVE

std::string statusText(OM_uint32 code, int type) {
    std::string out;
    OM_uint32 minor = 0, ctx = 0;
    do {
        gss_buffer_desc text{0, nullptr};
        if (gss_display_status(&minor, code, type, GSS_C_NO_OID, &ctx, &text) != GSS_S_COMPLETE) break;
        if (!out.empty()) out += "; ";
        out.append(static_cast<const char*>(text.value), text.length);
        gss_release_buffer(&minor, &text);
    } while (ctx != 0);
    return out;
}

std::string displayName(gss_name_t name) {
    OM_uint32 minor = 0;
    gss_buffer_desc text{0, nullptr};
    if (GSS_ERROR(gss_display_name(&minor, name, &text, nullptr))) return {};
    std::string out(static_cast<const char*>(text.value), text.length);
    gss_release_buffer(&minor, &text);
    return out;
}

// "WORK\\ivanov" and "ivanov@work.local" are both ivanov.
std::string userPart(const std::string& name) {
    std::string user = name.substr(0, name.find('@'));
    size_t slash = user.find('\\');
    return sdk::ascii::lower(slash == std::string::npos ? user : user.substr(slash + 1));
}

}  // namespace

bool ticketBelongsTo(const std::string& client, const std::string& login) {
    return login.empty() || (!client.empty() && userPart(client) == userPart(login));
}

bool holdsTicketFor(const std::string& login) {
    OM_uint32 minor = 0, lifetime = 0;
    gss_name_t holder = GSS_C_NO_NAME;
    if (GSS_ERROR(gss_inquire_cred(&minor, GSS_C_NO_CREDENTIAL, &holder, &lifetime, nullptr, nullptr))) return false;
    std::string client = displayName(holder);
    gss_release_name(&minor, &holder);
    return lifetime > 0 && ticketBelongsTo(client, login);
}

bool usableTicketFor(const std::string& service, const std::string& host, const std::string& login) {
    Check c = serviceTicket(service, host);
    return c.problem == Problem::None && ticketBelongsTo(c.client, login);
}

Problem problemOf(uint32_t major, int32_t minor, const std::string& detail) {
    switch (minor) {
        case kPrincipalUnknown:
            // The KDC knows no way to the server's realm (krbtgt/OTHER@OURS): the ticket is of another realm.
            return detail.find("krbtgt/") != std::string::npos ? Problem::WrongRealm : Problem::UnknownPrincipal;
        case kTicketExpired:
            return Problem::Expired;
        case kClockSkew:
            return Problem::ClockSkew;
        case kCacheNoFile:
        case kCacheNotFound:
            return Problem::NoTicket;
        case kRealmUnknown:
        case kCantReachKdc:
        case kCantResolve:
            return Problem::WrongRealm;
        default:
            break;
    }
    if (GSS_ROUTINE_ERROR(major) == GSS_S_NO_CRED) return Problem::NoTicket;
    if (GSS_ROUTINE_ERROR(major) == GSS_S_CREDENTIALS_EXPIRED) return Problem::Expired;
    return Problem::Other;
}

Check serviceTicket(const std::string& service, const std::string& host) {
    OM_uint32 minor = 0;
    std::string wanted = service + "@" + host;
    gss_buffer_desc name_buf{wanted.size(), const_cast<char*>(wanted.data())};
    gss_name_t target = GSS_C_NO_NAME;
    OM_uint32 major = gss_import_name(&minor, &name_buf, GSS_C_NT_HOSTBASED_SERVICE, &target);
    if (GSS_ERROR(major)) return Check{Problem::Other, statusText(major, GSS_C_GSS_CODE), ""};
    gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
    gss_buffer_desc token{0, nullptr};
    major = gss_init_sec_context(&minor, GSS_C_NO_CREDENTIAL, &ctx, target, GSS_C_NO_OID, GSS_C_MUTUAL_FLAG, 0,
                                 GSS_C_NO_CHANNEL_BINDINGS, GSS_C_NO_BUFFER, nullptr, &token, nullptr, nullptr);
    Check out;
    OM_uint32 ignored = 0;
    if (GSS_ERROR(major)) {
        out.detail = statusText(major, GSS_C_GSS_CODE) + ": " + statusText(minor, GSS_C_MECH_CODE);
        out.problem = problemOf(major, static_cast<int32_t>(minor), out.detail);
    } else {
        // The default initiator credential is the ticket just used (a half-made context names no source yet).
        gss_name_t source = GSS_C_NO_NAME;
        if (!GSS_ERROR(gss_inquire_cred(&ignored, GSS_C_NO_CREDENTIAL, &source, nullptr, nullptr, nullptr))) {
            out.client = displayName(source);
            gss_release_name(&ignored, &source);
        }
    }
    gss_release_buffer(&ignored, &token);
    if (ctx != GSS_C_NO_CONTEXT) gss_delete_sec_context(&ignored, &ctx, GSS_C_NO_BUFFER);
    gss_release_name(&ignored, &target);
    return out;
}

}  // namespace mailblock::common::kerberos
