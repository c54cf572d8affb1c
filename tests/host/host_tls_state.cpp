// A host process that uses Poco's TLS itself, with its own certificate handler and default client context in
// Poco's process-wide SSLManager, loads the plugin and runs Send email with "Accept an untrusted certificate" on
// against the test Postfix's implicit-TLS port (its CA is not trusted here). Afterwards, and after the plugin is
// unloaded, the host's own TLS must still refuse that untrusted certificate through its own handler, and
// SSLManager must still hold exactly the host's handler and context: the plugin changes no process-wide TLS state.
//
// usage: host_tls_state PLUGIN SERVERS_ENV   (SERVERS_ENV: the env file tests/servers/mailservers.sh writes)
#include <Poco/Net/Context.h>
#include <Poco/Net/InvalidCertificateHandler.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <unistd.h>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "diagram.hpp"
#include "plugin_loader.hpp"
#include "runner.hpp"

namespace {

using Poco::Net::SSLManager;

int g_failures = 0;

void check(bool ok, const std::string& what) {
    std::cout << (ok ? "PASS " : "FAIL ") << what << "\n";
    if (!ok) ++g_failures;
}

// KEY=VALUE lines; a value may be in single or double quotes.
std::map<std::string, std::string> readEnv(const std::string& path) {
    std::map<std::string, std::string> env;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        size_t eq = line.find('=');
        if (line.empty() || line[0] == '#' || eq == std::string::npos) continue;
        std::string value = line.substr(eq + 1);
        if (value.size() >= 2 && (value[0] == '\'' || value[0] == '"') && value.back() == value[0])
            value = value.substr(1, value.size() - 2);
        env[line.substr(0, eq)] = value;
    }
    return env;
}

// The host's own handler: refuses, and counts how often Poco asked it.
class HostHandler : public Poco::Net::InvalidCertificateHandler {
public:
    HostHandler() : InvalidCertificateHandler(false) {}
    void onInvalidCertificate(const void*, Poco::Net::VerificationErrorArgs& args) override {
        ++calls;
        args.setIgnoreError(false);
    }
    int calls = 0;
};

struct Host {
    HostHandler* handler = new HostHandler;
    SSLManager::InvalidCertificateHandlerPtr handler_ptr{handler};
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                                             Poco::Net::Context::VERIFY_RELAXED, 9, true);

    Host() { SSLManager::instance().initializeClient(nullptr, handler_ptr, context); }

    bool stateIsOurs() {
        SSLManager& m = SSLManager::instance();
        return m.clientCertificateHandler().get() == handler && m.defaultClientContext().get() == context.get();
    }

    // A TLS connection with SSLManager's default context (as a host's HTTPS session makes) to a server whose CA
    // this process does not trust: refused, and the host's own handler was the one asked.
    bool refusesUntrusted(uint16_t port) {
        const int before = handler->calls;
        try {
            Poco::Net::SecureStreamSocket s(Poco::Net::SocketAddress("127.0.0.1", port));
            s.completeHandshake();
            return false;
        } catch (const Poco::Net::SSLException&) {
            return handler->calls > before;
        }
    }
};

std::string sendDiagram(const std::map<std::string, std::string>& env) {
    const std::string to = "host-tls-" + std::to_string(::getpid()) + "@example.org";
    return R"({"start": {"next": "send", "language": "en"}, "blocks": {"send": {"type": "mail.send", "inputs": {
        "server": "127.0.0.1", "port": )" +
           env.at("MB_SMTP_SMTPS_PORT") + R"(, "security": "SSL on connect",
        "accept_untrusted_certificate": true, "connection_pool": false, "timeout": 20,
        "login": ")" +
           env.at("MB_SMTP_USER") + R"(", "password": {"$env": "HOST_TLS_PASSWORD"},
        "sender_email": ")" +
           env.at("MB_SMTP_USER") + R"(", "recipient": ")" + to + R"(",
        "subject": "host TLS state", "body": "The host keeps its TLS settings."}}}})";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: host_tls_state PLUGIN SERVERS_ENV\n";
        return 2;
    }
    const auto env = readEnv(argv[2]);
    const uint16_t port = static_cast<uint16_t>(std::stoi(env.at("MB_SMTP_SMTPS_PORT")));
    ::setenv("HOST_TLS_PASSWORD", env.at("MB_SMTP_PASSWORD").c_str(), 1);

    Poco::Net::initializeSSL();
    {
        Host host;
        check(host.refusesUntrusted(port), "before the plugin: the host refuses the untrusted certificate itself");
        {
            mailblock::host::Registry registry;
            registry.load(argv[1]);
            mailblock::host::Diagram d = mailblock::host::loadDiagram(sendDiagram(env), registry, {});
            mailblock::host::SecretMask mask;
            mailblock::host::RunResult r = mailblock::host::runDiagram(d, mailblock::host::RunOptions{}, mask);
            const bool sent = r.blocks.size() == 1 && r.blocks[0].ok;
            check(sent, "the block sent over TLS with the untrusted certificate accepted" +
                            (sent || r.blocks.empty() || !r.blocks[0].error ? std::string()
                                                                            : ": " + r.blocks[0].error->message));
            check(host.stateIsOurs(), "after the block ran: SSLManager holds the host's own handler and context");
            check(host.refusesUntrusted(port), "after the block ran: the host still refuses the untrusted certificate");
        }  // the plugin is unloaded here (its shutdown() runs first)
        check(host.stateIsOurs(), "after the plugin is unloaded: SSLManager holds the host's own handler and context");
        check(host.refusesUntrusted(port),
              "after the plugin is unloaded: the host still refuses the untrusted certificate");
    }
    Poco::Net::uninitializeSSL();
    std::cout << (g_failures ? "FAILED" : "all passed") << "\n";
    return g_failures ? 1 : 0;
}
