// The per-user credential store: $XDG_CONFIG_HOME/mailblock/credentials.json (else ~/.config/...), mode 0600,
// refused when group- or world-accessible, replaced atomically (temporary file + rename), and a lock file
// (flock) that serialises refreshes across processes. Holds secrets: nothing here logs or prints a value.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/named_connection.hpp"
#include "common/oauth/providers.hpp"

namespace mailblock::common::oauth {

struct Credential {
    std::string provider;  // gmail, microsoft, yandex, mailru, custom
    std::string client_id;
    std::string client_secret;  // optional
    std::string refresh_token;
    std::string account;  // the mailbox address: the XOAUTH2 user name
    std::vector<std::string> scopes;
    std::string token_url;               // kept so a refresh needs no provider table (custom providers)
    std::optional<Revocation> revocation;  // where `rpa oauth logout` revokes
    std::string access_token;            // cached
    int64_t expires_at = 0;              // Unix seconds; 0: unknown (treated as expired)
};

using Credentials = std::map<std::string, Credential>;

// Everything the store holds: the OAuth2 credentials (`rpa oauth`) and the named connections (`rpa connection`).
// A command that changes one part loads and saves the whole, under StoreLock, so the other part is kept.
struct StoreContents {
    Credentials credentials;
    NamedConnections connections;
};

// The file is unreadable, not private, or not a credential store, or has no such credential. The text says which
// file and what to do; `kind` lets a block give the matching advice in the run's language.
struct StoreError : std::runtime_error {
    enum class Kind { Unusable, NotPrivate, Damaged, NoSuchCredential };
    StoreError(Kind k, const std::string& what) : std::runtime_error(what), kind(k) {}
    Kind kind;
};

class CredentialStore {
public:
    explicit CredentialStore(std::string path) : path_(std::move(path)) {}
    // $XDG_CONFIG_HOME/mailblock/credentials.json, else $HOME/.config/mailblock/credentials.json.
    static CredentialStore forUser();

    const std::string& path() const { return path_; }
    // Empty when the file does not exist. Throws StoreError.
    StoreContents load() const;
    // Creates the folder (0700) when missing; writes a 0600 temporary file, fsyncs, renames. Throws StoreError.
    void save(const StoreContents& all) const;

private:
    std::string path_;
};

// An exclusive flock on PATH.lock (created 0600), held for the object's lifetime. Blocks until it is free.
class StoreLock {
public:
    explicit StoreLock(const CredentialStore& store);
    ~StoreLock();
    StoreLock(const StoreLock&) = delete;
    StoreLock& operator=(const StoreLock&) = delete;

private:
    int fd_ = -1;
};

// Checks a credential's or a connection's name: 1..64 of [A-Za-z0-9._-]. Returns an empty string or what is wrong.
std::string checkCredentialName(const std::string& name);

}  // namespace mailblock::common::oauth
