#include "send_email/descriptor.hpp"

#include "common/autoconfig/block_setup.hpp"
#include "common/connection_ports.hpp"

namespace mailblock::send_email {

using sdk::Port;
using sdk::PortType;
using sdk::Value;

sdk::BlockDescriptor describe() {
    sdk::BlockDescriptor d;
    d.id = "mail.send";
    d.version = "1.0.0";
    d.title = {"Отправить письмо", "Send email"};
    d.description = {"Отправить письмо с использованием протокола SMTP.", "Sends an email over SMTP."};
    d.category = {"Почта", "Email"};
    d.inputs = {
        Port::make(port::kServer, {"Сервер", "Server"}, {PortType::Text})
            .describe({"Сервер SMTP (например, \"smtp.mail.ru\"). Пусто — сервер, порт и защита подбираются по адресу "
                       "отправителя (или логину): известные почтовые сервисы, документ autoconfig домена, записи MX и "
                       "SRV, проверка smtp./mail. + домен.",
                       "SMTP server (for example \"smtp.mail.ru\"). Empty: server, port and security are found from "
                       "the sender's address (or the login): known providers, the domain's autoconfig document, MX "
                       "and SRV records, a checked guess of smtp./mail. + domain."}),
        Port::make(port::kPort, {"Порт", "Port"}, {PortType::Number})
            .isInteger(1, 65535)
            .describe({"Порт. Если не указан: обычное соединение — 25, защищённое — 587, SSL при подключении — 465.",
                       "Port. When empty: 25 without security, 587 with SSL (STARTTLS), 465 for SSL on connect."}),
        Port::make(port::kLogin, {"Логин", "Login"}, {PortType::Text})
            .describe({"Логин для авторизации на сервере. Пусто — без авторизации.",
                       "Login for the server. Empty: no authentication."}),
        Port::make(port::kPassword, {"Пароль", "Password"}, {PortType::Text, PortType::SecureString})
            .isSecret()
            .describe({"Пароль (для Яндекса, Mail.ru, Gmail — пароль приложения).",
                       "Password (an application password for Yandex, Mail.ru, Gmail)."}),
        Port::make(port::kSsl, {"SSL", "SSL"}, {PortType::Boolean})
            .byDefault(Value::boolean(false))
            .describe({"Использовать защищённое соединение: порт 465 — SSL при подключении, другой порт — STARTTLS.",
                       "Use a secure connection: port 465 means SSL on connect, any other port STARTTLS."}),
        Port::make(port::kSenderEmail, {"Email отправителя", "Sender email"}, {PortType::Text})
            .isRequired()
            .describe({"E-mail, с которого будет отправлено письмо.", "The address the email is sent from."}),
        Port::make(port::kSenderName, {"Имя отправителя", "Sender name"}, {PortType::Text})
            .describe({"Имя отправителя, которое увидит получатель.", "The sender's name the recipient sees."}),
        Port::make(port::kRecipient, {"Email получателя", "Recipient email"}, {PortType::Text, PortType::List})
            .isRequired()
            .describe({"Адреса получателей через точку с запятой (или список). Кириллический домен (ivan@пример.рф) "
                       "отправляется в виде xn--; кириллица до @ (иван@example.org) — только через сервер с SMTPUTF8.",
                       "Recipient addresses separated by semicolons (or a list). A Cyrillic domain (ivan@пример.рф) "
                       "is sent in its xn-- form; Cyrillic before the @ (иван@example.org) only through a server "
                       "offering SMTPUTF8."}),
        Port::make(port::kSubject, {"Тема письма", "Subject"}, {PortType::Text}).describe({"Тема письма.", "Subject."}),
        Port::make(port::kBody, {"Текст письма", "Body"}, {PortType::Text})
            .describe({"Содержимое письма.", "The text of the email."}),
        Port::make(port::kHtml, {"HTML-разметка", "HTML markup"}, {PortType::Boolean})
            .byDefault(Value::boolean(false))
            .describe({"Текст письма — HTML-страница (к ней добавляется текстовая версия).",
                       "The body is an HTML page (a plain-text version is added)."}),
        Port::make(port::kAttachments, {"Вложения", "Attachments"}, {PortType::Text, PortType::List, PortType::Dictionary})
            .describe({"Путь к файлу / список путей / словарь (ключ — название, значение — путь к файлу).",
                       "A file path / a list of paths / a dictionary (key: the name shown, value: the path)."}),
        common::timeoutPort(),
        Port::make(port::kCc, {"Копия", "Copy (CC)"}, {PortType::Text, PortType::List})
            .describe({"Адреса получателей копии через точку с запятой.", "CC addresses separated by semicolons."}),
        Port::make(port::kBcc, {"Скрытая копия", "Blind copy (BCC)"}, {PortType::Text, PortType::List})
            .describe({"Адреса получателей скрытой копии; в заголовках письма их нет.",
                       "BCC addresses; they never appear in the message's headers."}),
        Port::make(port::kBccSelf, {"Скрытая копия себе", "BCC to self"}, {PortType::Boolean, PortType::Text, PortType::List})
            .describe({"Да — добавить отправителя в скрытую копию; адреса — добавить их. Для ящиков, где «Сохранить в "
                       "отправленных» недоступно: копия придёт во «Входящие», правило на сервере может перекладывать её "
                       "в отдельную папку.",
                       "True adds the sender as a blind copy; addresses add those. For mailboxes where Save to Sent "
                       "cannot be used: the copy arrives in the Inbox, where a server rule can move it to a folder."}),
        Port::make(port::kReplyTo, {"Адрес ответа", "Reply-To"}, {PortType::Text, PortType::List})
            .describe({"Куда придут ответы, если не на адрес отправителя.", "Where replies go, if not to the sender."}),
        common::securityPort({"Auto — по флагу SSL и порту; None — без шифрования; STARTTLS — обязательно; SSL on connect — "
                              "TLS сразу (порт 465).",
                              "Auto: from the SSL flag and the port; None: no encryption; STARTTLS: required; SSL on "
                              "connect: TLS from the first byte (port 465)."}),
        Port::make(port::kAuthMethod, {"Способ авторизации", "Authentication"}, {PortType::Enum})
            .oneOf({"Auto", "PLAIN", "LOGIN", "CRAM-MD5", "XOAUTH2", "OAUTHBEARER"})
            .byDefault(Value::text("Auto"))
            .describe({"Auto — самый надёжный из предложенных сервером; с токеном — XOAUTH2 или OAUTHBEARER (RFC 7628).",
                       "Auto: the strongest the server offers; with a token XOAUTH2 or OAUTHBEARER (RFC 7628)."}),
        common::accessTokenPort(),
        common::oauthCredentialPort(),
        common::caFilePort(),
        common::acceptUntrustedPort(),
        common::autoconfig::allowUnverifiedSettingsPort(),
        common::allowInsecureAuthPort(),
        Port::make(port::kEhloName, {"Имя в EHLO", "EHLO name"}, {PortType::Text})
            .describe({"Имя этого компьютера в приветствии EHLO (по умолчанию — полное имя машины).",
                       "This machine's name in EHLO (default: its fully qualified name)."}),
        Port::make(port::kRetries, {"Повторные попытки", "Retries"}, {PortType::Number})
            .byDefault(Value::number(2))
            .isInteger(0, 10)
            .describe({"Сколько раз повторить при временной ошибке до передачи письма (отказ в соединении, 421, 4xx). "
                       "После передачи письмо никогда не отправляется повторно.",
                       "How many times to retry a temporary failure before the message is handed over (refused "
                       "connection, 421, 4xx). Once handed over, a message is never sent again."}),
        Port::make(port::kRecipientErrors, {"Ошибка при отказе получателям", "Recipient refusals"}, {PortType::Enum})
            .oneOf({"If none accepted", "If any refused"})
            .byDefault(Value::text("If none accepted"))
            .describe({"Когда отказ сервера части получателей считается ошибкой блока. Письмо всё равно уходит "
                       "принятым получателям; отказы — в «Отправленном письме».",
                       "When refusals of some recipients make the block fail. The message still goes to the accepted "
                       "ones; the refusals are listed in the Sent message."}),
        Port::make(port::kLogFile, {"Файл журнала", "Log file"}, {PortType::Text})
            .describe({"Файл, в который дописывается строка о каждой отправке (время, блок, сервер, Message-ID, "
                       "число получателей, результат, длительность).",
                       "A file that gets one line per send (time, block, server, Message-ID, recipients, outcome, "
                       "duration)."}),
        Port::make(port::kLogMode, {"Запись в файловый журнал", "File log"}, {PortType::Enum})
            .oneOf({"Off", "Errors only", "Full"})
            .byDefault(Value::text("Off"))
            .describe({"Off — не писать; Errors only — только ошибки; Full — каждую отправку.",
                       "Off: nothing; Errors only: failed sends; Full: every send."}),
        Port::make(port::kConnectionPool, {"Повторно использовать соединение", "Reuse the connection"}, {PortType::Boolean})
            .byDefault(Value::boolean(true))
            .describe({"Держать соединение с сервером открытым между отправками (рассылка в цикле идёт в десятки раз "
                       "быстрее).",
                       "Keep the connection open between sends (a mailing in a loop runs tens of times faster)."}),
        Port::make(port::kPoolIdle, {"Время простоя соединения", "Idle connection time"}, {PortType::Number})
            .byDefault(Value::number(30))
            .isInteger(1, 3600)
            .describe({"Через сколько секунд простоя закрыть соединение.", "Seconds after which an unused connection is closed."}),
        Port::make(port::kMessagesPerConnection, {"Писем на соединение", "Messages per connection"}, {PortType::Number})
            .byDefault(Value::number(100))
            .isInteger(1, 100000)
            .describe({"После скольких писем открыть новое соединение.", "After how many messages to open a new connection."}),
        Port::make(port::kMessagesPerSecond, {"Писем в секунду", "Messages per second"}, {PortType::Number})
            .byDefault(Value::number(0))
            .describe({"Не больше стольких писем в секунду на сервер (0 — без ограничения): провайдеры ограничивают скорость.",
                       "At most this many messages a second to the server (0: no limit): providers throttle."}),
        Port::make(port::kMessageId, {"Message-ID", "Message-ID"}, {PortType::Text})
            .describe({"Идентификатор письма без угловых скобок; без @ к нему добавляется домен отправителя. Пусто — "
                       "создаётся уникальный. Рассылка (rpa run --each с журналом) задаёт его для каждой строки сама, "
                       "чтобы повторно отправленная строка сохранила свой Message-ID.",
                       "The message's id, without angle brackets; without an @ the sender's domain is added. Empty: a "
                       "unique one is made. A mailing (rpa run --each with a journal) sets it for each row itself, so "
                       "a row sent again keeps its Message-ID."}),
        Port::make(port::kCheckMode, {"Только проверить", "Check only"}, {PortType::Enum})
            .oneOf({"Off", "Connection", "Test message", "Find settings"})
            .byDefault(Value::text("Off"))
            .describe({"Connection — только проверить соединение, TLS и вход (письмо не отправляется), отчёт в «Отчёт "
                       "проверки»; Test message — отправить получателям короткое тестовое письмо вместо этого; Find "
                       "settings — только найти настройки по адресу (ничего не отправляется, пароль не используется).",
                       "Connection: only check connecting, TLS and sign-in (nothing is sent), see \"Check report\"; "
                       "Test message: send a short test message to the recipients instead of this one; Find settings: "
                       "only find the settings for the address (nothing is sent, no password is used)."}),
    };
    d.outputs = {
        Port::make(port::kSentMessage, {"Отправленное письмо", "Sent message"}, {PortType::Object})
            .describe({"Отправленное письмо. Может быть использовано в блоке \"Сохранить в отправленных\".",
                       "The sent message; chain it into \"Save to Sent\"."}),
        Port::make(port::kCheckReport, {"Отчёт проверки", "Check report"}, {PortType::Object})
            .describe({"Этапы проверки с временем, возможности сервера и работающие альтернативы (режим «Только проверить»); "
                       "в режиме Find settings — найденные настройки, их источник и советы почтового сервиса.",
                       "The check's stages with timings, the server's capabilities and working alternatives (Check only); "
                       "with Find settings, the settings found, their source and the provider's advice."}),
    };
    d.notes = {
        {"Сервер можно не указывать: настройки подбираются по адресу отправителя — известные почтовые сервисы, "
         "документ autoconfig домена, записи MX (домен компании в Яндекс 360, Google Workspace, Microsoft 365) и SRV, "
         "проверенная догадка smtp./mail. + домен. Пароль уходит только на серверы домена адреса, известных сервисов "
         "или из проверенного источника. Режим «Find settings» (и rpa autoconfig АДРЕС) только показывает найденное.",
         "Server may be left empty: the settings are found from the sender's address — known providers, the "
         "domain's autoconfig document, MX records (a company domain on Yandex 360, Google Workspace, Microsoft "
         "365) and SRV records, a checked guess of smtp./mail. + domain. The password goes only to servers of the "
         "address's domain, of known providers, or from a verified source. The Find settings mode (and rpa "
         "autoconfig ADDRESS) only shows what was found."},
        {"Яндекс, Mail.ru и Gmail принимают по SMTP только пароль приложения, а не пароль от ящика. Яндекс: "
         "«Настройки» → «Все настройки» → «Безопасность» → «Пароли приложений», тип «Почта IMAP, POP3, SMTP». "
         "Mail.ru: «Пароль и безопасность» → «Пароли для внешних приложений». Gmail: включите двухэтапную проверку "
         "и создайте пароль на myaccount.google.com/apppasswords. Outlook.com и Office 365 больше не принимают "
         "пароли: нужен токен OAuth2 (порт «Токен доступа»).",
         "Yandex, Mail.ru and Gmail accept only an application password over SMTP, not the mailbox password. "
         "Yandex: Settings → All settings → Security → App passwords, type \"Mail IMAP, POP3, SMTP\". Mail.ru: "
         "Password and security → Passwords for external applications. Gmail: turn on 2-step verification and "
         "create one at myaccount.google.com/apppasswords. Outlook.com and Office 365 no longer accept passwords: "
         "give an OAuth2 token (the \"Access token\" port)."},
        {"Порт и защита: 587 со STARTTLS (SSL = да) или 465 с SSL при подключении — для почтовых сервисов; 25 — "
         "обычно только внутри сети компании. STARTTLS обязателен, если выбран: без него письмо не уйдёт открытым "
         "текстом. Пароль не передаётся по незащищённому соединению, пока это не разрешено явно.",
         "Port and security: 587 with STARTTLS (SSL = true) or 465 with SSL on connect for mail services; 25 is "
         "usually for a company's own network. STARTTLS, once chosen, is required: the message never falls back to "
         "plain text. A password is never sent over an unencrypted connection unless explicitly allowed."},
        {"Чтобы письмо появилось в папке «Отправленные», соедините выход «Отправленное письмо» со входом блока "
         "«Сохранить в отправленных». Gmail и Outlook сохраняют копию сами — блок это знает и копию не дублирует.",
         "To have the message show up in the Sent folder, link the \"Sent message\" output into the \"Save to "
         "Sent\" block. Gmail and Outlook file a copy themselves; the block knows and does not store a second one."},
        {"Ошибки объясняются в тексте ошибки с подсказкой: что сделать (пароль приложения, другой порт, режим "
         "защиты). Письмо не отправляется дважды: после точки в конце данных повтора нет.",
         "Failures come with a hint on what to do (application password, another port, the security mode). A "
         "message is never sent twice: nothing is retried after the end of its data."},
    };
    return d;
}

}  // namespace mailblock::send_email
