#include "common/oauth/http_client.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/URI.h>

#include <memory>

#include "common/connection.hpp"

namespace mailblock::common::oauth {

namespace {

bool loopbackHost(const std::string& host) { return host == "127.0.0.1" || host == "::1" || host == "[::1]"; }

std::unique_ptr<Poco::Net::HTTPClientSession> session(const Poco::URI& uri, std::chrono::seconds timeout) {
    std::unique_ptr<Poco::Net::HTTPClientSession> s;
    if (uri.getScheme() == "https") {
        Endpoint e;  // verification on, system store
        s = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), makeTlsContext(e));
    } else {
        s = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    }
    s->setTimeout(Poco::Timespan(static_cast<long>(timeout.count()), 0));
    return s;
}

HttpResponse exchange(const std::string& url, Poco::Net::HTTPRequest& request, const std::string& body,
                      std::chrono::seconds timeout) {
    Poco::URI uri(url);
    try {
        auto s = session(uri, timeout);
        request.set("Accept", "application/json");
        request.set("User-Agent", "mailblock-rpa");
        if (!body.empty() || request.getMethod() == Poco::Net::HTTPRequest::HTTP_POST) {
            request.setContentType("application/x-www-form-urlencoded");
            request.setContentLength(static_cast<std::streamsize>(body.size()));
        }
        s->sendRequest(request) << body;
        Poco::Net::HTTPResponse response;
        std::istream& in = s->receiveResponse(response);
        HttpResponse out;
        out.status = static_cast<int>(response.getStatus());
        char buffer[8192];
        while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
            out.body.append(buffer, static_cast<size_t>(in.gcount()));
            if (out.body.size() > kMaxResponseBytes)
                throw HttpError(uri.getHost() + " answered more than " + std::to_string(kMaxResponseBytes / 1024) + " KB");
        }
        return out;
    } catch (const Poco::TimeoutException&) {
        throw HttpError(uri.getHost() + " did not answer within " + std::to_string(timeout.count()) + " s");
    } catch (const Poco::Exception& e) {
        throw HttpError("cannot reach " + uri.getHost() + ": " + e.displayText());
    }
}

}  // namespace

std::string percentEncode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~')
            out += static_cast<char>(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string formEncode(const FormFields& fields) {
    std::string out;
    for (const auto& [k, v] : fields) {
        if (!out.empty()) out += '&';
        out += percentEncode(k) + "=" + percentEncode(v);
    }
    return out;
}

void checkEndpointUrl(const std::string& url) {
    Poco::URI uri;
    try {
        uri = Poco::URI(url);
    } catch (const Poco::Exception&) {
        throw HttpError("not a URL: " + url);
    }
    if (uri.getScheme() == "https" && !uri.getHost().empty()) return;
    if (uri.getScheme() == "http" && loopbackHost(uri.getHost())) return;
    throw HttpError("refusing " + url + ": OAuth2 endpoints must be https (plain http only to 127.0.0.1 or ::1)");
}

HttpResponse postForm(const std::string& url, const FormFields& fields, std::chrono::seconds timeout) {
    checkEndpointUrl(url);
    Poco::URI uri(url);
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    return exchange(url, request, formEncode(fields), timeout);
}

HttpResponse getWithBearer(const std::string& url, const std::string& token, std::chrono::seconds timeout) {
    checkEndpointUrl(url);
    Poco::URI uri(url);
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.set("Authorization", "Bearer " + token);
    return exchange(url, request, "", timeout);
}

}  // namespace mailblock::common::oauth
