#include "common/connection_ports.hpp"

#include <fmt/format.h>

namespace mailblock::common {

using sdk::Port;
using sdk::PortType;
using sdk::Value;

Port securityPort(Protocol protocol) {
    const char* tls_port = protocol == Protocol::Smtp ? "465" : "993";
    const char* plain_port = protocol == Protocol::Smtp ? "25" : "143";
    return Port::make(port::kSecurity, {"Безопасность", "Security"}, {PortType::Enum})
        .oneOf({"Auto", "None", "STARTTLS", "SSL on connect"})
        .byDefault(Value::text("Auto"))
        .describe(
            {fmt::format("Auto — порт {0}: SSL при подключении; с флагом SSL на другом порту — STARTTLS обязательно; "
                         "без флага — STARTTLS, если сервер его предлагает (сертификат проверяется, при ошибке "
                         "открытым текстом ничего не уходит), а если не предлагает — без шифрования, и "
                         "тогда логин и пароль — только с «Разрешить пароль без шифрования» (порт по умолчанию {1}). "
                         "None — без шифрования. STARTTLS — обязательно. SSL on connect — "
                         "TLS с первого байта.",
                         tls_port, plain_port),
             fmt::format("Auto: port {0} is SSL on connect; with the SSL flag on another port STARTTLS is "
                         "required; without the flag STARTTLS whenever the server offers it (certificate verified; "
                         "if that fails nothing goes in plain text), and where it is not offered plain text, with "
                         "a login only under \"Allow credentials without encryption\" (default port {1}). None: plain "
                         "text. STARTTLS: required. SSL on connect: TLS "
                         "from the first byte.",
                         tls_port, plain_port)});
}

Port timeoutPort() {
    return Port::make(port::kTimeout, {"Время ожидания", "Timeout"}, {PortType::Number})
        .byDefault(Value::number(30))
        .isInteger(1, 3600)
        .describe({"Время ожидания ответа сервера, в секундах.", "How long to wait for the server, in seconds."});
}

Port caFilePort() {
    return Port::make(port::kCaFile, {"Файл сертификатов CA", "CA certificate file"}, {PortType::Text})
        .describe({"Файл PEM с сертификатами, которым доверять (кроме системных).",
                   "A PEM file of certificates to trust (besides the system's)."});
}

Port acceptUntrustedPort() {
    return Port::make(port::kAcceptUntrusted,
                      {"Принимать недоверенный сертификат (опасно)", "Accept an untrusted certificate (dangerous)"},
                      {PortType::Boolean})
        .byDefault(Value::boolean(false))
        .describe({"Не проверять сертификат сервера. Только для тестовых серверов.",
                   "Do not verify the server's certificate. For test servers only."});
}

Port accessTokenPort() {
    return Port::make(port::kAccessToken, {"Токен доступа OAuth2", "OAuth2 access token"},
                      {PortType::Text, PortType::SecureString})
        .isSecret()
        .describe({"Вместо пароля: вход по XOAUTH2 или OAUTHBEARER, какой предлагает сервер.",
                   "Instead of a password: sign in with XOAUTH2 or OAUTHBEARER, whichever the server offers."});
}

Port authMethodPort() {
    return Port::make(port::kAuthMethod, {"Способ авторизации", "Authentication"}, {PortType::Enum})
        .oneOf({"Auto", "PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-256", "SCRAM-SHA-1", "GSSAPI", "NTLM", "Windows",
                "ANONYMOUS", "XOAUTH2", "OAUTHBEARER"})
        .byDefault(Value::text("Auto"))
        .describe({"Auto — самый надёжный из предложенных сервером: SCRAM-SHA-256, SCRAM-SHA-1, GSSAPI (по собственному "
                   "билету Kerberos этого логина; без пароля — первым), CRAM-MD5, PLAIN (по шифрованному соединению), "
                   "LOGIN; если сервер отказал в SCRAM, GSSAPI или CRAM-MD5 (535), один раз пробуется следующий. С токеном — XOAUTH2 или OAUTHBEARER (RFC 7628). Windows — «Аутентификация "
                   "Windows»: Kerberos (GSSAPI) по билету этого логина (kinit или вход в домен; KRB5CCNAME), "
                   "без билета — NTLM с логином, доменом и паролем. GSSAPI — только Kerberos, пароль не нужен. ANONYMOUS — "
                   "анонимный вход (RFC 4505).",
                   "Auto: the safest the server offers: SCRAM-SHA-256, SCRAM-SHA-1, GSSAPI (with this login's own "
                   "Kerberos ticket; first when there is no password), CRAM-MD5, PLAIN (over an encrypted connection), "
                   "LOGIN; when the server refuses SCRAM, GSSAPI or CRAM-MD5 (535), the next one is tried once. With a token XOAUTH2 or OAUTHBEARER (RFC 7628). Windows: Windows sign-in, Kerberos "
                   "(GSSAPI) with the user's ticket (kinit or domain logon; KRB5CCNAME), without a ticket NTLM with "
                   "login, domain and password. GSSAPI: Kerberos only, no password. ANONYMOUS: anonymous sign-in "
                   "(RFC 4505)."});
}

Port domainPort() {
    return Port::make(port::kDomain, {"Домен", "Domain"}, {PortType::Text})
        .describe({"Домен Windows для входа NTLM (например, WORK); для Kerberos не нужен: домен берётся из билета.",
                   "The Windows domain for NTLM sign-in (e.g. WORK); Kerberos needs none: the ticket names it."});
}

Port keytabPort() {
    return Port::make(port::kKeytab, {"Keytab Kerberos", "Kerberos keytab"}, {PortType::Text})
        .describe({"Путь к keytab-файлу с ключом этого логина (ktpass, ktutil): вход Kerberos (GSSAPI, Windows, Auto) "
                   "без kinit и без пароля. Билет берётся в закрытый кэш в памяти, кэш пользователя не трогается. "
                   "Файл должен быть доступен только роботу.",
                   "Path to a keytab file holding this login's key (ktpass, ktutil): Kerberos sign-in (GSSAPI, "
                   "Windows, Auto) without kinit and without a password. The ticket goes to a private cache in "
                   "memory; the user's own cache is left alone. Keep the file readable by the robot only."});
}

Port allowInsecureAuthPort() {
    return Port::make(port::kAllowInsecureAuth,
                      {"Разрешить пароль без шифрования (опасно)", "Allow credentials without encryption (dangerous)"},
                      {PortType::Boolean})
        .byDefault(Value::boolean(false))
        .describe({"Разрешить передачу логина и пароля по незашифрованному соединению.",
                   "Allow the login and password over an unencrypted connection."});
}

Port oauthCredentialPort() {
    return Port::make(port::kOAuthCredential, {"Учётная запись OAuth2", "OAuth2 credential"}, {PortType::Text})
        .describe({"Имя входа, сохранённого командой `rpa oauth login ... --save ИМЯ`: токен доступа берётся и "
                   "обновляется сам, вход по XOAUTH2 или OAUTHBEARER.",
                   "The name of a sign-in saved by `rpa oauth login ... --save NAME`: the access token is taken and "
                   "renewed automatically, sign-in with XOAUTH2 or OAUTHBEARER."});
}

void readTlsOptions(const sdk::Context& ctx, Endpoint& e) {
    e.timeout = std::chrono::seconds(static_cast<long>(ctx.number(port::kTimeout).value_or(30)));
    e.ca_file = ctx.text(port::kCaFile);
    e.accept_untrusted = ctx.boolean(port::kAcceptUntrusted, false);
}

}  // namespace mailblock::common
