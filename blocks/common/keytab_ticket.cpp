#include "common/keytab_ticket.hpp"

#include <gssapi/gssapi.h>
#include <krb5.h>

#include <vector>

#include "common/kerberos.hpp"

// MIT's GSS-API extension (gssapi_krb5.h), exported by the GSS-API glue GNU SASL goes through; its header does not
// declare it.
extern "C" OM_uint32 gss_krb5_ccache_name(OM_uint32* minor_status, const char* name, const char** out_name);

namespace mailblock::common::kerberos {

struct KeytabTicket::State {
    krb5_context ctx = nullptr;
    krb5_ccache cache = nullptr;
    std::string principal;
    std::string previous;  // this thread's cache name before, restored at the end
    bool had_previous = false;
    bool installed = false;
};

namespace {

std::string message(krb5_context ctx, krb5_error_code code) {
    const char* text = krb5_get_error_message(ctx, code);
    std::string out = text ? text : "error " + std::to_string(code);
    krb5_free_error_message(ctx, text);
    return out;
}

std::string unparsed(krb5_context ctx, krb5_const_principal p) {
    char* name = nullptr;
    if (krb5_unparse_name(ctx, p, &name) != 0) return {};
    std::string out = name;
    krb5_free_unparsed_name(ctx, name);
    return out;
}

// The keytab's principal for `login`, and every principal it holds (for the error when none matches).
krb5_principal findPrincipal(krb5_context ctx, krb5_keytab kt, const std::string& path, const std::string& login) {
    krb5_kt_cursor cursor;
    krb5_error_code code = krb5_kt_start_seq_get(ctx, kt, &cursor);
    if (code != 0)
        throw KeytabError(KeytabError::Kind::Unreadable,
                          "the keytab " + path + " cannot be read: " + message(ctx, code));
    krb5_principal found = nullptr;
    std::vector<std::string> held;
    krb5_keytab_entry entry;
    while (krb5_kt_next_entry(ctx, kt, &entry, &cursor) == 0) {
        std::string name = unparsed(ctx, entry.principal);
        if (!found && ticketBelongsTo(name, login)) krb5_copy_principal(ctx, entry.principal, &found);
        if (held.empty() || held.back() != name) held.push_back(name);
        krb5_free_keytab_entry_contents(ctx, &entry);
    }
    krb5_kt_end_seq_get(ctx, kt, &cursor);
    if (!found) {
        std::string list;
        for (const auto& h : held) list += (list.empty() ? "" : ", ") + h;
        throw KeytabError(KeytabError::Kind::NoKeyForLogin,
                          "the keytab " + path + " has no key for " + login + " (it holds: " +
                              (list.empty() ? "nothing" : list) + ")");
    }
    return found;
}

}  // namespace

KeytabTicket::KeytabTicket(const std::string& keytab, const std::string& login) : s_(std::make_unique<State>()) {
    State& s = *s_;
    krb5_error_code code = krb5_init_context(&s.ctx);
    if (code != 0) throw KeytabError(KeytabError::Kind::Unreadable, "Kerberos cannot start: error " + std::to_string(code));
    krb5_keytab kt = nullptr;
    krb5_principal client = nullptr;
    krb5_creds creds{};
    bool have_creds = false;
    try {
        // "FILE:" so that a path is never read as another keytab type's residual name.
        code = krb5_kt_resolve(s.ctx, ("FILE:" + keytab).c_str(), &kt);
        if (code != 0)
            throw KeytabError(KeytabError::Kind::Unreadable, "the keytab " + keytab + " cannot be used: " + message(s.ctx, code));
        client = findPrincipal(s.ctx, kt, keytab, login);
        s.principal = unparsed(s.ctx, client);
        code = krb5_get_init_creds_keytab(s.ctx, &creds, client, kt, 0, nullptr, nullptr);
        if (code != 0)
            throw KeytabError(KeytabError::Kind::Refused, "the KDC refused the key of " + s.principal + " in " + keytab +
                                                              ": " + message(s.ctx, code));
        have_creds = true;
        code = krb5_cc_new_unique(s.ctx, "MEMORY", nullptr, &s.cache);
        if (code == 0) code = krb5_cc_initialize(s.ctx, s.cache, client);
        if (code == 0) code = krb5_cc_store_cred(s.ctx, s.cache, &creds);
        if (code != 0)
            throw KeytabError(KeytabError::Kind::Unreadable, "no memory credential cache: " + message(s.ctx, code));
        std::string name = std::string("MEMORY:") + krb5_cc_get_name(s.ctx, s.cache);
        OM_uint32 minor = 0;
        const char* previous = nullptr;
        if (GSS_ERROR(gss_krb5_ccache_name(&minor, name.c_str(), &previous)))
            throw KeytabError(KeytabError::Kind::Unreadable, "GSS-API does not take the ticket from the keytab");
        s.installed = true;
        s.had_previous = previous != nullptr;
        if (previous) s.previous = previous;
    } catch (...) {
        if (have_creds) krb5_free_cred_contents(s.ctx, &creds);
        if (client) krb5_free_principal(s.ctx, client);
        if (kt) krb5_kt_close(s.ctx, kt);
        if (s.cache) krb5_cc_destroy(s.ctx, s.cache);
        krb5_free_context(s.ctx);
        throw;
    }
    krb5_free_cred_contents(s.ctx, &creds);
    krb5_free_principal(s.ctx, client);
    krb5_kt_close(s.ctx, kt);
}

KeytabTicket::~KeytabTicket() {
    State& s = *s_;
    OM_uint32 minor = 0;
    if (s.installed) gss_krb5_ccache_name(&minor, s.had_previous ? s.previous.c_str() : nullptr, nullptr);
    krb5_cc_destroy(s.ctx, s.cache);
    krb5_free_context(s.ctx);
}

const std::string& KeytabTicket::principal() const { return s_->principal; }

}  // namespace mailblock::common::kerberos
