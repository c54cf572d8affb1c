#include "common/tls_hint.hpp"

#include "common/i18n.hpp"

namespace mailblock::common {

std::string tlsHint(const std::string& what, const std::string& lang) {
    auto has = [&](const char* needle) { return what.find(needle) != std::string::npos; };
    if (has("before TLS began"))
        return tr(lang,
                  "Кто-то между этим компьютером и сервером (или сам сервер) дописал данные в соединение до начала "
                  "шифрования — так выглядит атака на STARTTLS. Ничего не отправлено. Проверьте сеть или используйте SSL при "
                  "подключении (порт 465 или 993).",
                  "Something between this computer and the server (or the server itself) added data to the connection "
                  "before encryption began, which is what an attack on STARTTLS looks like. Nothing was sent. Check the "
                  "network, or use SSL on connect (port 465 or 993).");
    if (has("wrong version number") || has("unknown protocol") || has("packet length too long"))
        return tr(lang,
                  "Сервер на этом порту не начинает TLS сразу: для порта 587, 25 или 143 выберите STARTTLS, SSL при "
                  "подключении — только для портов 465 и 993.",
                  "The server on this port does not start with TLS: choose STARTTLS for port 587, 25 or 143; SSL on "
                  "connect is for ports 465 and 993.");
    if (has("application verification failure") || has("hostname mismatch"))
        return tr(lang,
                  "Сертификат сервера выдан на другое имя: укажите в «Сервер» имя из сертификата (например, "
                  "smtp.yandex.ru, а не IP-адрес).",
                  "The server's certificate is for another name: put the name from the certificate into Server (for "
                  "example smtp.yandex.ru rather than an IP address).");
    if (has("certificate has expired"))
        return tr(lang, "Срок действия сертификата сервера истёк: сообщите администратору сервера (или проверьте часы этого компьютера).",
                  "The server's certificate has expired: tell the server's administrator (or check this computer's clock).");
    if (has("certificate is not yet valid"))
        return tr(lang, "Сертификат сервера ещё не действует: проверьте дату и время этого компьютера.",
                  "The server's certificate is not valid yet: check this computer's date and time.");
    if (has("protocol version") || has("unsupported protocol") || has("no protocols available"))
        return tr(lang,
                  "Сервер предлагает только TLS 1.0/1.1 — устаревшие и небезопасные версии; нужен TLS 1.2 или новее. "
                  "Попросите администратора сервера обновить TLS или используйте другой сервер.",
                  "The server offers only TLS 1.0/1.1, old and insecure versions; TLS 1.2 or newer is required. Ask the "
                  "server's administrator to update TLS, or use another server.");
    if (has("self signed") || has("self-signed") || has("unable to get local issuer") || has("certificate verify failed") ||
        has("unable to verify"))
        return tr(lang,
                  "Сертификат сервера не подписан доверенным центром: укажите файл CA в «Файл сертификатов CA» или, только "
                  "для тестового сервера, включите «Принимать недоверенный сертификат».",
                  "The server's certificate is not signed by a trusted authority: give its CA in \"CA certificate file\" "
                  "or, for a test server only, turn on \"Accept an untrusted certificate\".");
    return tr(lang, "Проверьте режим безопасности: SMTP — 465 SSL при подключении, 587 STARTTLS; IMAP — 993 SSL при "
                    "подключении, 143 STARTTLS.",
              "Check the security mode: SMTP 465 is SSL on connect, 587 STARTTLS; IMAP 993 is SSL on connect, 143 STARTTLS.");
}

}  // namespace mailblock::common
