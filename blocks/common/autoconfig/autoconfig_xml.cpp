#include "common/autoconfig/autoconfig_xml.hpp"

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/NodeList.h>
#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/SAX/XMLReader.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <memory>
#include <stdexcept>

#include "mailblock/sdk/ascii.hpp"

namespace mailblock::common::autoconfig {

namespace {

constexpr size_t kMaxDocument = size_t{64} * 1024;

std::string childText(Poco::XML::Element* e, const char* name) {
    Poco::XML::Element* c = e->getChildElement(name);
    return c ? sdk::ascii::trim(c->innerText()) : std::string();
}

std::string domainOf(const std::string& address) {
    size_t at = address.rfind('@');
    return at == std::string::npos ? "" : sdk::ascii::lower(address.substr(at + 1));
}

// The username template with Thunderbird's placeholders filled in, in one pass (an address may itself contain
// "%EMAILLOCALPART%"); empty (meaning: the full address) when it holds a placeholder we do not know, which would
// otherwise be sent as a login verbatim.
std::string fill(const std::string& text, const std::string& address) {
    const std::pair<std::string, std::string> placeholders[] = {
        {"%EMAILADDRESS%", address}, {"%EMAILLOCALPART%", address.substr(0, address.rfind('@'))}, {"%EMAILDOMAIN%", domainOf(address)}};
    std::string out;
    for (size_t pos = 0; pos < text.size();) {
        if (text[pos] != '%') {
            out += text[pos++];
            continue;
        }
        const auto* match = std::find_if(std::begin(placeholders), std::end(placeholders),
                                         [&](const auto& p) { return text.compare(pos, p.first.size(), p.first) == 0; });
        if (match == std::end(placeholders)) return {};
        out += match->second;
        pos += match->first.size();
    }
    return out;
}

std::vector<ServerSetting> serversOf(Poco::XML::Document* doc, const char* tag, const char* type, std::string* username,
                                     const std::string& address) {
    std::vector<ServerSetting> out;
    Poco::AutoPtr<Poco::XML::NodeList> nodes = doc->getElementsByTagName(tag);
    for (unsigned long i = 0; i < nodes->length(); ++i) {
        auto* e = dynamic_cast<Poco::XML::Element*>(nodes->item(i));
        if (!e || e->getAttribute("type") != type) continue;
        ServerSetting s;
        s.host = sdk::ascii::lower(childText(e, "hostname"));
        std::string port = childText(e, "port");
        std::string socket_type = childText(e, "socketType");
        s.security = socket_type == "SSL" ? Security::Implicit : socket_type == "STARTTLS" ? Security::StartTls : Security::None;
        try {
            int n = std::stoi(port);
            if (n < 1 || n > 65535) continue;
            s.port = static_cast<uint16_t>(n);
        } catch (const std::exception&) {
            continue;
        }
        if (!isValidHostName(s.host)) continue;
        const std::string login = childText(e, "username");
        s.login = login == "%EMAILADDRESS%" ? LoginForm::Address : login == "%EMAILLOCALPART%" ? LoginForm::LocalPart : LoginForm::Unconfirmed;
        if (username && username->empty()) *username = fill(login, address);
        out.push_back(s);
    }
    return out;
}

std::vector<std::string> urlTemplates() {
    if (const char* env = std::getenv("MAILBLOCK_AUTOCONFIG_URL"); env && *env) return {env};
    return {"https://autoconfig.{domain}/mail/config-v1.1.xml?emailaddress={address}",
            "https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress={address}",
            "http://autoconfig.{domain}/mail/config-v1.1.xml?emailaddress={address}"};
}

// The template with {domain} and {address} filled in, in one pass, each percent-encoded for a URL (an address may
// hold "#", "+", "&" or "{address}" itself).
std::string expand(const std::string& url, const std::string& domain, const std::string& address) {
    std::string out;
    for (size_t pos = 0; pos < url.size();) {
        const std::string* value = nullptr;
        size_t length = 0;
        if (url.compare(pos, 8, "{domain}") == 0) value = &domain, length = 8;
        else if (url.compare(pos, 9, "{address}") == 0) value = &address, length = 9;
        if (!value) {
            out += url[pos++];
            continue;
        }
        std::string encoded;
        Poco::URI::encode(*value, "!#$&'()*+,/:;=?[]%{}", encoded);  // "@" may stay: it is a query character
        out += encoded;
        pos += length;
    }
    return out;
}

// The body of a GET, at most kMaxDocument bytes. Sets `redirect` instead when the server redirects.
std::string get(const Poco::URI& uri, std::chrono::milliseconds timeout, const std::string& ca_file, std::string& redirect) {
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https") {
        Endpoint e{uri.getHost(), uri.getPort(), Security::Implicit, std::chrono::seconds(1), ca_file, false};
        session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), makeTlsContext(e));
    } else {
        session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    }
    session->setTimeout(Poco::Timespan(static_cast<long>(timeout.count()) * 1000));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
    session->sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::istream& body = session->receiveResponse(response);
    int status = response.getStatus();
    if (status >= 300 && status < 400) {
        redirect = response.get("Location", "");
        return {};
    }
    if (status != 200) throw std::runtime_error("HTTP " + std::to_string(status));
    std::string text(kMaxDocument + 1, '\0');
    body.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(body.gcount()));
    if (text.size() > kMaxDocument) throw std::runtime_error("the document is larger than 64 KB");
    return text;
}

}  // namespace

FoundSettings parseAutoconfig(const std::string& xml, const std::string& address) {
    Poco::XML::DOMParser parser;
    // No external entities: a document must not make us read files or other URLs.
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
    Poco::AutoPtr<Poco::XML::Document> doc;
    try {
        doc = parser.parseString(xml);
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("malformed autoconfig XML: " + e.displayText());
    }
    FoundSettings f;
    f.smtp = serversOf(doc, "outgoingServer", "smtp", &f.username, address);
    f.imap = serversOf(doc, "incomingServer", "imap", nullptr, address);
    if (f.smtp.empty()) throw std::runtime_error("the autoconfig document names no usable SMTP server");
    if (f.username == address) f.username.clear();
    f.source = "autoconfig";
    return f;
}

std::optional<FoundSettings> fetchAutoconfig(const std::string& address, std::chrono::milliseconds timeout,
                                             const std::string& ca_file, FetchTrace& trace) {
    const std::string domain = domainOf(address);
    if (!isValidHostName(domain)) return std::nullopt;
    for (const auto& tmpl : urlTemplates()) {
        std::string url = expand(tmpl, domain, address);
        try {
            Poco::URI uri(url);
            std::string redirect;
            std::string body = get(uri, timeout, ca_file, redirect);
            if (!redirect.empty()) {
                Poco::URI target(uri, redirect);
                if (sdk::ascii::lower(target.getHost()) != sdk::ascii::lower(uri.getHost()) ||
                    target.getScheme() != uri.getScheme()) {
                    trace.tried.push_back(url + ": redirect to " + target.toString() + " refused (another host or scheme)");
                    continue;
                }
                std::string again;
                body = get(target, timeout, ca_file, again);
                if (!again.empty()) {
                    trace.tried.push_back(url + ": redirected twice, refused");
                    continue;
                }
            }
            FoundSettings f = parseAutoconfig(body, address);
            f.detail = url;
            for (auto* list : {&f.smtp, &f.imap})
                for (auto& s : *list) s.source = "autoconfig " + url;
            // HTTPS proves the document came from that host; plain HTTP or DNS-chosen hosts prove nothing.
            f.authenticated = uri.getScheme() == "https";
            trace.tried.push_back(url + ": found");
            return f;
        } catch (const Poco::Exception& e) {
            trace.tried.push_back(url + ": " + e.displayText());
        } catch (const std::exception& e) {
            trace.tried.push_back(url + ": " + e.what());
        }
    }
    return std::nullopt;
}

}  // namespace mailblock::common::autoconfig
