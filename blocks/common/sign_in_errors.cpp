#include "common/sign_in_errors.hpp"

#include <fmt/format.h>

#include "common/i18n.hpp"
#include "common/kerberos.hpp"

namespace mailblock::common {

SignInWords kerberosAdvice(const kerberos::Check& c, const std::string& principal, const std::string& lang) {
    using kerberos::Problem;
    switch (c.problem) {
        case Problem::NoTicket:
            return {
                tr(lang, "Нет билета Kerberos для входа на сервер.", "There is no Kerberos ticket to sign in with."),
                tr(lang, "Выполните kinit или войдите в домен под учётной записью робота (или укажите KRB5CCNAME).",
                   "Run kinit or log on to the domain as the robot's account (or set KRB5CCNAME).")};
        case Problem::Expired:
            return {tr(lang, "Билет Kerberos истёк.", "The Kerberos ticket has expired."),
                    tr(lang, "Выполните kinit заново или войдите в домен снова.",
                       "Run kinit again or log on to the domain again.")};
        case Problem::ClockSkew:
            return {tr(lang,
                       "Часы этого компьютера и контроллера домена расходятся больше, чем допускает Kerberos (обычно 5 "
                       "минут).",
                       "This computer's clock and the domain controller's differ by more than Kerberos allows (usually "
                       "5 minutes)."),
                    tr(lang, "Синхронизируйте время с контроллером домена (w32tm /resync, chrony, ntpdate).",
                       "Synchronise the time with the domain controller (w32tm /resync, chrony, ntpdate).")};
        case Problem::UnknownPrincipal:
            return {
                fmt::format(tr(lang, "Контроллер домена не знает службу {}.",
                               "The domain controller does not know the service {}."),
                            principal),
                tr(lang,
                   "Укажите сервер полным именем, как он зарегистрирован в домене (не IP-адрес и не псевдоним), или "
                   "попросите администратора зарегистрировать SPN (setspn -A " +
                       principal + ").",
                   "Give the server's full name as registered in the domain (not an IP address or alias), or ask the "
                   "administrator to register the SPN (setspn -A " +
                       principal + ").")};
        case Problem::WrongRealm:
            return {
                tr(lang, "Билет Kerberos выдан в другой области (домене), или её контроллер недоступен.",
                   "The Kerberos ticket is for another realm (domain), or its domain controller cannot be reached."),
                tr(lang, "Выполните kinit для учётной записи в домене сервера и проверьте krb5.conf.",
                   "Run kinit for an account in the server's domain and check krb5.conf.")};
        case Problem::None:
        case Problem::Other:
            break;
    }
    return {tr(lang, "Вход через Kerberos не удался: ", "Kerberos sign-in failed: ") + c.detail,
            tr(lang, "Проверьте билет (klist) и имя сервера.", "Check the ticket (klist) and the server's name.")};
}

SignInWords libraryFailure(const sasl::LibraryError& e, const std::string& service, const std::string& host,
                           const std::string& lang) {
    if (e.mechanism == "GSSAPI")
        return kerberosAdvice(kerberos::serviceTicket(service, host), service + "/" + host, lang);
    return {fmt::format(tr(lang, "Вход способом {} не удался до ответа сервера: {}.",
                           "Sign-in with {} failed before the server answered: {}."),
                        e.mechanism, e.what()),
            tr(lang, "Проверьте логин, пароль и домен.", "Check the login, password and domain.")};
}

SignInWords keytabFailure(const kerberos::KeytabError& e, const std::string& lang) {
    using Kind = kerberos::KeytabError::Kind;
    std::string message = fmt::format(tr(lang, "Билет Kerberos из keytab не получен: {}.",
                                         "No Kerberos ticket came from the keytab: {}."),
                                      e.what());
    switch (e.kind) {
        case Kind::NoKeyForLogin:
            return {message, tr(lang, "Выгрузите keytab для этого логина (ktpass /princ ... или ktutil) или исправьте «Логин».",
                                "Export a keytab for this login (ktpass /princ ... or ktutil) or correct Login.")};
        case Kind::Refused:
            return {message, tr(lang, "Ключ в keytab устарел (пароль учётной записи сменился?) или не тот: выгрузите keytab заново.",
                                "The key in the keytab is old (was the account's password changed?) or wrong: export the "
                                "keytab again.")};
        case Kind::Unreadable:
            break;
    }
    return {message, tr(lang, "Проверьте путь в «Keytab Kerberos» и права на файл.",
                        "Check the path in Kerberos keytab and the file's permissions.")};
}

SignInWords mechanismNotOffered(const std::string& mechanism, const std::string& offered, const std::string& lang) {
    return {fmt::format(tr(lang, "Сервер не предлагает вход {}.", "The server does not offer {} sign-in."), mechanism),
            fmt::format(tr(lang, "Он предлагает: {}. Выберите один из них в «Способ авторизации».",
                           "It offers: {}. Choose one of them in Authentication."),
                        offered.empty() ? "-" : offered)};
}

SignInWords windowsRefusal(const std::string& mechanism, const std::string& login, const std::string& domain,
                           const std::string& lang) {
    if (mechanism == "NTLM")
        return {
            fmt::format(tr(lang, "Сервер отклонил вход NTLM для {}{}.", "The server refused the NTLM sign-in of {}{}."),
                        domain.empty() ? "" : domain + "\\", login),
            tr(lang, "Проверьте пароль и домен; на сервере NTLM может быть запрещён политикой (тогда — Kerberos).",
               "Check the password and the domain; NTLM may be disabled by policy on the server (use Kerberos then).")};
    if (mechanism == "GSSAPI")
        return {tr(lang, "Сервер отклонил билет Kerberos.", "The server refused the Kerberos ticket."),
                tr(lang, "Проверьте, что учётной записи разрешён вход на этот сервер и что у службы верный keytab.",
                   "Check that the account may sign in to this server and that the service has the right keytab.")};
    return {};
}

}  // namespace mailblock::common
