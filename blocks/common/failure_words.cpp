#include "common/failure_words.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>

#include <cerrno>

#include <fmt/format.h>

#include "common/i18n.hpp"
#include "mailblock/sdk/utf8.hpp"

namespace mailblock::common {

namespace {

struct Phrase {
    const char* needle;  // found in the exception's text
    const char* ru;
    const char* en;
};

// Our own socket messages first (they are the more specific), then what the OS and Poco say.
const Phrase kNetwork[] = {
    {"closed the connection in the middle of a reply", "сервер закрыл соединение посреди ответа",
     "the server closed the connection in the middle of a reply"},
    {"closed the connection inside a literal", "сервер закрыл соединение посреди ответа",
     "the server closed the connection in the middle of a reply"},
    {"closed the connection", "сервер закрыл соединение", "the server closed the connection"},
    {"Connection reset by peer", "сервер разорвал соединение", "the server reset the connection"},
    {"Broken pipe", "сервер закрыл соединение", "the server closed the connection"},
    {"Operation would block", "сервер перестал принимать данные", "the server stopped taking data"},
    {"Resource temporarily unavailable", "сервер перестал принимать данные", "the server stopped taking data"},
    {"Connection timed out", "истекло время ожидания", "the wait timed out"},
    {"Timeout", "истекло время ожидания", "the wait timed out"},
    {"Connection refused", "сервер отклонил подключение", "the server refused the connection"},
    {"Network is unreachable", "сеть недоступна", "the network is unreachable"},
    {"No route to host", "нет маршрута до сервера", "there is no route to the server"},
    {"Connection aborted", "соединение прервано", "the connection was aborted"},
    {"not connected", "соединение уже закрыто", "the connection is already closed"},
};

struct Errno {
    int code;
    const char* needle;  // the kNetwork phrase that says it
};
const Errno kErrno[] = {{ECONNRESET, "Connection reset by peer"},
                        {EPIPE, "Broken pipe"},
                        {EAGAIN, "Operation would block"},
                        {ETIMEDOUT, "Connection timed out"},
                        {ECONNREFUSED, "Connection refused"},
                        {ENETUNREACH, "Network is unreachable"},
                        {EHOSTUNREACH, "No route to host"},
                        {ECONNABORTED, "Connection aborted"},
                        {ENOTCONN, "not connected"}};

const Phrase* find(const Phrase* begin, const Phrase* end, const std::string& text) {
    for (const Phrase* p = begin; p != end; ++p)
        if (text.find(p->needle) != std::string::npos) return p;
    return nullptr;
}

const Phrase kTls[] = {
    {"wrong version number", "сервер ответил не по TLS", "the server did not answer in TLS"},
    {"unknown protocol", "сервер ответил не по TLS", "the server did not answer in TLS"},
    {"packet length too long", "сервер ответил не по TLS", "the server did not answer in TLS"},
    {"hostname mismatch", "сертификат сервера выдан на другое имя", "the server's certificate is for another name"},
    {"application verification failure", "сертификат сервера выдан на другое имя",
     "the server's certificate is for another name"},
    {"certificate has expired", "срок действия сертификата сервера истёк", "the server's certificate has expired"},
    {"certificate is not yet valid", "сертификат сервера ещё не действует",
     "the server's certificate is not valid yet"},
    {"self signed", "сертификат сервера самоподписанный", "the server's certificate is self-signed"},
    {"self-signed", "сертификат сервера самоподписанный", "the server's certificate is self-signed"},
    {"unable to get local issuer", "сертификат сервера подписан неизвестным центром",
     "the server's certificate is signed by an unknown authority"},
    {"certificate verify failed", "сертификат сервера не прошёл проверку",
     "the server's certificate failed verification"},
    {"unable to verify", "сертификат сервера не прошёл проверку", "the server's certificate failed verification"},
    {"protocol version", "сервер не поддерживает TLS 1.2 или новее", "the server does not support TLS 1.2 or newer"},
    {"unsupported protocol", "сервер не поддерживает TLS 1.2 или новее",
     "the server does not support TLS 1.2 or newer"},
    {"no protocols available", "сервер не поддерживает TLS 1.2 или новее",
     "the server does not support TLS 1.2 or newer"},
    {"handshake failure", "сервер и клиент не договорились о шифровании",
     "the server and the client agreed on no cipher"},
};

}  // namespace

std::string exceptionText(const std::exception& e) {
    std::string what = e.what();
    if (auto* pe = dynamic_cast<const Poco::Exception*>(&e)) what = pe->displayText();
    return sdk::utf8::repaired(what);
}

std::string networkFailure(const std::exception& e, const std::string& lang) {
    const std::string what = exceptionText(e);
    const Phrase* p = find(std::begin(kNetwork), std::end(kNetwork), what);
    const auto* pe = dynamic_cast<const Poco::Exception*>(&e);
    if (!p && pe && pe->code() != 0) {
        for (const auto& known : kErrno)
            if (pe->code() == known.code || (known.code == EAGAIN && pe->code() == EWOULDBLOCK))
                p = find(std::begin(kNetwork), std::end(kNetwork), known.needle);
    }
    if (!p && dynamic_cast<const Poco::TimeoutException*>(&e))
        p = find(std::begin(kNetwork), std::end(kNetwork), "Timeout");
    if (p) return tr(lang, p->ru, p->en);
    // A reader's bound or parse failure (IMAP's ProtocolError: "server sent a line longer than 64 KB", ...).
    if (what.find("server sent") != std::string::npos || what.find("server response") != std::string::npos)
        return tr(lang, "сервер ответил не по протоколу", "the server broke the protocol (" + what + ")");
    // Unknown: the system's code says enough to look it up; Russian text gets no English words.
    if (pe && pe->code() != 0)
        return tr(lang, fmt::format("сбой соединения (системный код {})", pe->code()),
                  fmt::format("the connection failed ({}, system code {})", what, pe->code()));
    return tr(lang, "сбой соединения", "the connection failed (" + what + ")");
}

std::string tlsFailure(const std::string& what, const std::string& lang) {
    const std::string text = sdk::utf8::repaired(what);
    // English keeps OpenSSL's own reason after ours, for whoever searches for it; Russian gets ours alone.
    if (const Phrase* p = find(std::begin(kTls), std::end(kTls), text))
        return tr(lang, p->ru, std::string(p->en) + " (" + text + ")");
    return tr(lang, "сбой TLS (OpenSSL: «" + text + "»)", "TLS failed (OpenSSL: \"" + text + "\")");
}

}  // namespace mailblock::common
