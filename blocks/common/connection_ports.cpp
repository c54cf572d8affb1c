#include "common/connection_ports.hpp"

namespace mailblock::common {

using sdk::Port;
using sdk::PortType;
using sdk::Value;

Port securityPort(sdk::Localized description) {
    return Port::make(port::kSecurity, {"Безопасность", "Security"}, {PortType::Enum})
        .oneOf({"Auto", "None", "STARTTLS", "SSL on connect"})
        .byDefault(Value::text("Auto"))
        .describe(std::move(description));
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

Port allowInsecureAuthPort() {
    return Port::make(port::kAllowInsecureAuth, {"Разрешить пароль без шифрования (опасно)",
                                                 "Allow credentials without encryption (dangerous)"},
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
