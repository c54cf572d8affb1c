#include "send_email/descriptor.hpp"

#include "common/autoconfig/block_setup.hpp"
#include "common/connection_ports.hpp"
#include "common/named_connection_port.hpp"
#include "common/port_groups.hpp"
#include "common/run_record.hpp"

namespace mailblock::send_email {

using sdk::Port;
using sdk::PortType;
using sdk::Value;
namespace group = common::group;

sdk::BlockDescriptor describe() {
    sdk::BlockDescriptor d;
    d.id = "mail.send";
    d.version = "1.0.0";
    d.title = {"Отправить письмо", "Send email"};
    d.description = {"Отправить письмо с использованием протокола SMTP.", "Sends an email over SMTP."};
    d.category = {"Почта", "Email"};
    d.icon = "font-awesome/fa-envelope";
    d.color = "#A6C8E8";
    d.status_running = {"отправка", "sending"};
    d.status_done = {"отправлено", "sent"};
    d.groups = {group::kConnection, group::kMessage, group::kSecurity, group::kReliability, group::kLog};
    d.inputs = {
        common::namedConnectionPort().inGroup(group::kConnection.id),
        Port::make(port::kServer, {"Сервер", "Server"}, {PortType::Text})
            .describe({"Сервер SMTP (например, \"smtp.mail.ru\"). Пусто — сервер, порт и защита подбираются по адресу "
                       "отправителя (или логину): известные почтовые сервисы, документ autoconfig домена, записи MX и "
                       "SRV, проверка smtp./mail. + домен.",
                       "SMTP server (for example \"smtp.mail.ru\"). Empty: server, port and security are found from "
                       "the sender's address (or the login): known providers, the domain's autoconfig document, MX "
                       "and SRV records, a checked guess of smtp./mail. + domain."})
            .inGroup(group::kConnection.id),
        Port::make(port::kPort, {"Порт", "Port"}, {PortType::Number})
            .isInteger(1, 65535)
            .describe({"Порт. Если не указан: без флага SSL — 25, с флагом SSL или STARTTLS — 587, SSL при подключении — 465.",
                       "Port. When empty: 25 without the SSL flag, 587 with the SSL flag or STARTTLS, 465 for SSL on connect."})
            .inGroup(group::kConnection.id),
        Port::make(port::kLogin, {"Логин", "Login"}, {PortType::Text})
            .describe({"Логин для авторизации на сервере. Пусто — без авторизации.",
                       "Login for the server. Empty: no authentication."})
            .inGroup(group::kConnection.id),
        Port::make(port::kPassword, {"Пароль", "Password"}, {PortType::Text, PortType::SecureString})
            .isSecret()
            .describe({"Пароль (для Яндекса, Mail.ru, Gmail — пароль приложения).",
                       "Password (an application password for Yandex, Mail.ru, Gmail)."})
            .inGroup(group::kConnection.id),
        Port::make(port::kSsl, {"SSL", "SSL"}, {PortType::Boolean})
            .byDefault(Value::boolean(false))
            .describe({"Обязательно защищённое соединение: порт 465 — SSL при подключении, другой порт — STARTTLS. Без "
                       "флага (Auto) STARTTLS всё равно включается, если сервер его предлагает.",
                       "Require a secure connection: port 465 means SSL on connect, any other port STARTTLS. Without "
                       "the flag (Auto) STARTTLS is still used whenever the server offers it."})
            .inGroup(group::kSecurity.id),
        Port::make(port::kSenderEmail, {"Email отправителя", "Sender email"}, {PortType::Text})
            .describe({"E-mail, с которого будет отправлено письмо. Обязателен, если его не даёт «Подключение».",
                       "The address the email is sent from. Required unless the Connection gives one."})
            .inGroup(group::kMessage.id),
        Port::make(port::kSenderName, {"Имя отправителя", "Sender name"}, {PortType::Text})
            .describe({"Имя отправителя, которое увидит получатель.", "The sender's name the recipient sees."})
            .inGroup(group::kMessage.id),
        Port::make(port::kRecipient, {"Email получателя", "Recipient email"}, {PortType::Text, PortType::List})
            .isRequired()
            .describe({"Адреса получателей через точку с запятой (или список). Кириллический домен (ivan@пример.рф) "
                       "отправляется в виде xn--; кириллица до @ (иван@example.org) — только через сервер с SMTPUTF8.",
                       "Recipient addresses separated by semicolons (or a list). A Cyrillic domain (ivan@пример.рф) "
                       "is sent in its xn-- form; Cyrillic before the @ (иван@example.org) only through a server "
                       "offering SMTPUTF8."})
            .inGroup(group::kMessage.id),
        Port::make(port::kSubject, {"Тема письма", "Subject"}, {PortType::Text})
            .describe({"Тема письма.", "Subject."})
            .inGroup(group::kMessage.id),
        Port::make(port::kBody, {"Текст письма", "Body"}, {PortType::Text})
            .describe({"Содержимое письма.", "The text of the email."})
            .inGroup(group::kMessage.id),
        Port::make(port::kHtml, {"HTML-разметка", "HTML markup"}, {PortType::Boolean})
            .byDefault(Value::boolean(false))
            .describe({"Текст письма — HTML-страница (к ней добавляется текстовая версия).",
                       "The body is an HTML page (a plain-text version is added)."})
            .inGroup(group::kMessage.id),
        Port::make(port::kAttachments, {"Вложения", "Attachments"}, {PortType::Text, PortType::List, PortType::Dictionary})
            .describe({"Путь к файлу / список путей / словарь (ключ — название, значение — путь к файлу). Вложение "
                       "может быть и объектом {name, content_base64 или path, content_type} — так другой блок "
                       "передаёт содержимое файла без временного файла.",
                       "A file path / a list of paths / a dictionary (key: the name shown, value: the path). An "
                       "attachment may also be an object {name, content_base64 or path, content_type}: another block "
                       "hands over a file's bytes without a temporary file."})
            .inGroup(group::kMessage.id),
        // The message users ask for (issue 20): kept together.
        Port::make(port::kSaveEml, {"Только сохранить .eml", "Only save as .eml"}, {PortType::Text})
            .describe({"Путь к файлу .eml: письмо записывается в него байт в байт таким, каким ушло бы по SMTP, и никуда "
                       "не отправляется (пробный запуск, вложение к заявке). Пусто — письмо отправляется.",
                       "Path of an .eml file: the message is written there byte for byte as SMTP would send it, and "
                       "sent nowhere (a dry run, an attachment for a ticket). Empty: the message is sent."})
            .inGroup(group::kMessage.id),
        Port::make(port::kTemplate, {"Шаблон", "Template"}, {PortType::Text})
            .describe({"Путь к файлу шаблона (.txt или .html) вместо «Текста письма». Места {{имя}} заполняются из "
                       "«Значений для шаблона» (в HTML-шаблоне значения экранируются); {{имя}} есть и в теме. Значения "
                       "нет — ошибка с его именем, письмо не отправляется.",
                       "Path of a template file (.txt or .html) used instead of Body. {{name}} places are filled from "
                       "Template values (HTML-escaped in an HTML template); the subject may hold {{name}} too. A "
                       "value missing is an error naming it, and nothing is sent."})
            .inGroup(group::kMessage.id),
        Port::make(port::kTemplateValues, {"Значения для шаблона", "Template values"}, {PortType::Dictionary})
            .describe({"Словарь: имя → значение (текст, число, да/нет). Переменная диаграммы-словарь подключается "
                       "как {\"$var\": \"имя\"}.",
                       "Dictionary: name -> value (text, number, true/false). A diagram variable holding a dictionary "
                       "is linked as {\"$var\": \"name\"}."})
            .inGroup(group::kMessage.id),
        Port::make(port::kInlineImages, {"Встроенные изображения", "Inline images"}, {PortType::Dictionary})
            .describe({"Для HTML-письма: словарь Content-ID → путь к картинке; в HTML — <img src=\"cid:logo\">. "
                       "Картинки с локальным путём или file:// в HTML встраиваются и без этого порта. Неиспользованная "
                       "картинка — предупреждение; текстовая версия показывает alt.",
                       "For an HTML message: a dictionary Content-ID -> image path; in the HTML <img src=\"cid:logo\">. "
                       "Images with a local path or file:// in the HTML are embedded without this port too. An unused "
                       "image gives a warning; the text version shows the alt text."})
            .inGroup(group::kMessage.id),
        Port::make(port::kDeliveryNotify, {"Уведомление о доставке", "Delivery notification"}, {PortType::Text, PortType::List})
            .describe({"DSN (RFC 3461): когда сервер пришлёт отправителю отчёт — Never (никогда), Failure (при ошибке), "
                       "Success (при доставке), Delay (при задержке); несколько через точку с запятой. Пусто — как "
                       "решит сервер. Если сервер не поддерживает DSN, письмо уходит без уведомлений и выдаётся "
                       "предупреждение.",
                       "DSN (RFC 3461): when the server sends the sender a report: Never, Failure, Success, Delay; "
                       "several separated by semicolons. Empty: as the server decides. A server without DSN gets "
                       "the message without them, and a warning says so."})
            .inGroup(group::kReliability.id),
        Port::make(port::kDeliveryReturn, {"Что вернуть в отчёте", "Return in the report"}, {PortType::Enum})
            .oneOf({"Headers", "Full"})
            .byDefault(Value::text("Headers"))
            .describe({"С уведомлением о доставке: Headers — только заголовки письма (RET=HDRS), Full — письмо целиком "
                       "(RET=FULL). ENVID — Message-ID письма.",
                       "With a delivery notification: Headers returns the message's headers only (RET=HDRS), Full the "
                       "whole message (RET=FULL). ENVID is the Message-ID."})
            .inGroup(group::kReliability.id),
        Port::make(port::kPriority, {"Важность", "Importance"}, {PortType::Enum})
            .oneOf({"Normal", "High", "Low"})
            .byDefault(Value::text("Normal"))
            .describe({"Обычная (Normal), Высокая (High) или Низкая (Low): заголовки Importance, X-Priority и Priority, "
                       "как их читают Outlook и Thunderbird.",
                       "Normal, High or Low: the Importance, X-Priority and Priority headers, as Outlook and "
                       "Thunderbird read them."})
            .inGroup(group::kMessage.id),
        Port::make(port::kReadReceipt, {"Запросить уведомление о прочтении", "Request a read receipt"}, {PortType::Boolean})
            .byDefault(Value::boolean(false))
            .describe({"Disposition-Notification-To (RFC 8098): почтовая программа получателя предложит сообщить о "
                       "прочтении — на адрес ответа, если он указан, иначе отправителю.",
                       "Disposition-Notification-To (RFC 8098): the recipient's mail program offers to confirm "
                       "reading, to the Reply-To address when given, else to the sender."})
            .inGroup(group::kMessage.id),
        Port::make(port::kInReplyTo, {"В ответ на", "In reply to"}, {PortType::Text, PortType::Object, PortType::Dictionary})
            .describe({"Message-ID письма, на которое это ответ, или выход «Отправленное письмо» другого блока: "
                       "In-Reply-To и References, «Re: » перед темой (пустая тема — тема того письма). Письма "
                       "собираются в цепочку в Gmail, Outlook и Thunderbird.",
                       "The Message-ID of the message this one answers, or another block's Sent message output: "
                       "In-Reply-To and References, \"Re: \" before the subject (an empty subject takes that "
                       "message's). Gmail, Outlook and Thunderbird show them as one thread."})
            .inGroup(group::kMessage.id),
        Port::make(port::kHeaders, {"Дополнительные заголовки", "Extra headers"}, {PortType::Dictionary})
            .describe({"Словарь: имя заголовка → значение (например, X-Campaign). Имя — латиница без пробелов и "
                       "двоеточия; заголовки, которые пишет сам блок (From, Subject, Message-ID…), задать нельзя.",
                       "Dictionary: header name -> value (for example X-Campaign). Names are ASCII without spaces or "
                       "colons; headers the block writes itself (From, Subject, Message-ID...) cannot be set."})
            .inGroup(group::kMessage.id),
        Port::make(port::kListUnsubscribe, {"Ссылка для отписки (List-Unsubscribe)", "Unsubscribe link (List-Unsubscribe)"},
                   {PortType::Text, PortType::List})
            .describe({"Для рассылок: ссылки mailto: и/или https: через точку с запятой. Со ссылкой https: добавляется "
                       "List-Unsubscribe-Post (RFC 8058): Gmail и Яндекс покажут кнопку «Отписаться».",
                       "For mailings: mailto: and/or https: links separated by semicolons. With an https: link "
                       "List-Unsubscribe-Post (RFC 8058) is added: Gmail and Yandex show an Unsubscribe button."})
            .inGroup(group::kMessage.id),
        Port::make(port::kSender, {"Отправитель (Sender)", "Sender (on behalf of)"}, {PortType::Text})
            .describe({"Кто фактически отправляет письмо от имени «Email отправителя» (заголовок Sender): например, "
                       "робот, пишущий от имени отдела.",
                       "Who actually sends the message on behalf of Sender email (the Sender header): for example a "
                       "robot writing for a department."})
            .inGroup(group::kMessage.id),
        Port::make(port::kBounceAddress, {"Адрес для возвратов", "Bounce address"}, {PortType::Text})
            .describe({"Адрес конверта (MAIL FROM), куда придут отчёты о недоставке. Пусто — адрес отправителя.",
                       "The envelope address (MAIL FROM) that delivery failure reports go to. Empty: the sender's."})
            .inGroup(group::kMessage.id),
        common::timeoutPort()
            .describe(
                {"Сколько секунд может занять одна попытка целиком: подключение, TLS, каждый ответ сервера и передача "
                 "письма. Для больших вложений на медленной линии увеличьте. Блок работает не дольше чем "
                 "Время ожидания × (Повторные попытки + 1) плюс паузы между попытками.",
                 "How many seconds one attempt may take in all: connecting, TLS, every reply of the server and sending "
                 "the message. Raise it for big attachments over a slow line. The block runs no longer than "
                 "Timeout x (Retries + 1) plus the pauses between attempts."})
            .inGroup(group::kConnection.id),
        Port::make(port::kCc, {"Копия", "Copy (CC)"}, {PortType::Text, PortType::List})
            .describe({"Адреса получателей копии через точку с запятой.", "CC addresses separated by semicolons."})
            .inGroup(group::kMessage.id),
        Port::make(port::kBcc, {"Скрытая копия", "Blind copy (BCC)"}, {PortType::Text, PortType::List})
            .describe({"Адреса получателей скрытой копии; в заголовках письма их нет.",
                       "BCC addresses; they never appear in the message's headers."})
            .inGroup(group::kMessage.id),
        Port::make(port::kBccSelf, {"Скрытая копия себе", "BCC to self"}, {PortType::Boolean, PortType::Text, PortType::List})
            .describe({"Да — добавить отправителя в скрытую копию; адреса — добавить их. Для ящиков, где «Сохранить в "
                       "отправленных» недоступно: копия придёт во «Входящие», правило на сервере может перекладывать её "
                       "в отдельную папку.",
                       "True adds the sender as a blind copy; addresses add those. For mailboxes where Save to Sent "
                       "cannot be used: the copy arrives in the Inbox, where a server rule can move it to a folder."})
            .inGroup(group::kMessage.id),
        Port::make(port::kReplyTo, {"Адрес ответа", "Reply-To"}, {PortType::Text, PortType::List})
            .describe({"Куда придут ответы, если не на адрес отправителя.", "Where replies go, if not to the sender."})
            .inGroup(group::kMessage.id),
        common::securityPort(common::Protocol::Smtp).inGroup(group::kSecurity.id),
        common::authMethodPort().inGroup(group::kSecurity.id),
        common::domainPort().inGroup(group::kConnection.id),
        common::keytabPort().inGroup(group::kConnection.id),
        common::accessTokenPort().inGroup(group::kConnection.id),
        common::oauthCredentialPort().inGroup(group::kConnection.id),
        common::caFilePort().inGroup(group::kSecurity.id),
        common::acceptUntrustedPort().inGroup(group::kSecurity.id),
        common::autoconfig::allowUnverifiedSettingsPort().inGroup(group::kSecurity.id),
        common::allowInsecureAuthPort().inGroup(group::kSecurity.id),
        Port::make(port::kEhloName, {"Имя в EHLO", "EHLO name"}, {PortType::Text})
            .describe({"Имя этого компьютера в приветствии EHLO (по умолчанию — полное имя машины).",
                       "This machine's name in EHLO (default: its fully qualified name)."})
            .inGroup(group::kConnection.id),
        Port::make(port::kRetries, {"Повторные попытки", "Retries"}, {PortType::Number})
            .byDefault(Value::number(2))
            .isInteger(0, 10)
            .describe({"Сколько раз повторить при временной ошибке (отказ в соединении, обрыв до передачи письма, "
                       "ответ 4xx — в том числе на точку в конце письма: сервер его не принял), каждый раз со своим "
                       "временем ожидания, с паузой 1, 2, 4… с. Получатели с ответом 4xx получают письмо в следующих "
                       "попытках; принявшим письмо повторно оно не отправляется. Если ответа на точку нет вовсе, "
                       "письмо не отправляется повторно: неизвестно, принято ли оно.",
                       "How many times to retry a temporary failure (a refused connection, a connection lost before "
                       "the message was handed over, a 4xx reply, also to the final dot: the server did not take it), "
                       "each attempt with its own timeout, after a pause of 1, 2, 4... s. Recipients refused with a "
                       "4xx get the message in later attempts; nobody who has it gets it twice. When the final dot "
                       "gets no reply at all, the message is never sent again: it is unknown whether it was taken."})
            .inGroup(group::kReliability.id),
        Port::make(port::kRecipientErrors, {"Ошибка при отказе получателям", "Recipient refusals"}, {PortType::Enum})
            .oneOf({"If none accepted", "If any refused"})
            .byDefault(Value::text("If none accepted"))
            .describe({"Когда отказ сервера части получателей считается ошибкой блока. Письмо всё равно уходит "
                       "принятым получателям; отказы — в «Отправленном письме».",
                       "When refusals of some recipients make the block fail. The message still goes to the accepted "
                       "ones; the refusals are listed in the Sent message."})
            .inGroup(group::kReliability.id),
        common::logFilePort({"Файл, в который дописывается строка о каждой отправке, удачной или нет (время, блок, сервер, "
                             "Message-ID, число получателей, результат, длительность).",
                             "A file that gets one line per send, successful or not (time, block, server, Message-ID, "
                             "recipients, outcome, duration)."})
            .inGroup(group::kLog.id),
        common::logModePort().inGroup(group::kLog.id),
        Port::make(port::kConnectionPool, {"Повторно использовать соединение", "Reuse the connection"}, {PortType::Boolean})
            .byDefault(Value::boolean(true))
            .describe({"Держать соединение с сервером открытым между отправками (рассылка в цикле идёт в десятки раз "
                       "быстрее).",
                       "Keep the connection open between sends (a mailing in a loop runs tens of times faster)."})
            .inGroup(group::kReliability.id),
        Port::make(port::kPoolIdle, {"Время простоя соединения", "Idle connection time"}, {PortType::Number})
            .byDefault(Value::number(30))
            .isInteger(1, 3600)
            .describe({"Через сколько секунд простоя закрыть соединение.", "Seconds after which an unused connection is closed."})
            .inGroup(group::kReliability.id),
        Port::make(port::kMessagesPerConnection, {"Писем на соединение", "Messages per connection"}, {PortType::Number})
            .byDefault(Value::number(100))
            .isInteger(1, 100000)
            .describe({"После скольких писем открыть новое соединение.", "After how many messages to open a new connection."})
            .inGroup(group::kReliability.id),
        Port::make(port::kMessagesPerSecond, {"Писем в секунду", "Messages per second"}, {PortType::Number})
            .byDefault(Value::number(0))
            .describe({"Не больше стольких писем в секунду на сервер (0 — без ограничения): провайдеры ограничивают скорость.",
                       "At most this many messages a second to the server (0: no limit): providers throttle."})
            .inGroup(group::kReliability.id),
        Port::make(port::kMessageId, {"Message-ID", "Message-ID"}, {PortType::Text})
            .describe({"Идентификатор письма без угловых скобок; без @ к нему добавляется домен отправителя. Пусто — "
                       "создаётся уникальный. Рассылка (rpa run --each с журналом) задаёт его для каждой строки сама, "
                       "чтобы повторно отправленная строка сохранила свой Message-ID.",
                       "The message's id, without angle brackets; without an @ the sender's domain is added. Empty: a "
                       "unique one is made. A mailing (rpa run --each with a journal) sets it for each row itself, so "
                       "a row sent again keeps its Message-ID."})
            .inGroup(group::kMessage.id),
        Port::make(port::kCheckMode, {"Только проверить", "Check only"}, {PortType::Enum})
            .oneOf({"Off", "Connection", "Test message", "Find settings"})
            .byDefault(Value::text("Off"))
            .describe({"Connection — только проверить соединение, TLS и вход (письмо не отправляется), отчёт в «Отчёт "
                       "проверки»; Test message — отправить получателям короткое тестовое письмо вместо этого; Find "
                       "settings — только найти настройки по адресу (ничего не отправляется, пароль не используется).",
                       "Connection: only check connecting, TLS and sign-in (nothing is sent), see \"Check report\"; "
                       "Test message: send a short test message to the recipients instead of this one; Find settings: "
                       "only find the settings for the address (nothing is sent, no password is used)."})
            .inGroup(group::kConnection.id),
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
         "обычно только внутри сети компании. Auto включает STARTTLS всегда, когда сервер его предлагает; выбранный "
         "STARTTLS (или флаг SSL) обязателен: без него письмо не уйдёт открытым текстом. Пароль не передаётся по "
         "незащищённому соединению, пока это не разрешено явно; открытым текстом — только при None.",
         "Port and security: 587 with STARTTLS (SSL = true) or 465 with SSL on connect for mail services; 25 is "
         "usually for a company's own network. Auto uses STARTTLS whenever the server offers it; STARTTLS chosen (or "
         "the SSL flag) is required: the message never falls back to plain text. A password is never sent over an "
         "unencrypted connection unless explicitly allowed; None is the explicit way to send in plain text."},
        {"Чтобы письмо появилось в папке «Отправленные», соедините выход «Отправленное письмо» со входом блока "
         "«Сохранить в отправленных». Gmail и Outlook сохраняют копию сами — блок это знает и копию не дублирует.",
         "To have the message show up in the Sent folder, link the \"Sent message\" output into the \"Save to "
         "Sent\" block. Gmail and Outlook file a copy themselves; the block knows and does not store a second one."},
        {"Ошибки объясняются в тексте ошибки с подсказкой: что сделать (пароль приложения, другой порт, режим "
         "защиты). Письмо не отправляется дважды: если сервер не ответил на точку в конце письма, повтора нет; "
         "отказ 4xx на точку повторяется — сервер письмо не принял.",
         "Failures come with a hint on what to do (application password, another port, the security mode). A "
         "message is never sent twice: when the final dot gets no reply, nothing is retried; a 4xx reply to it is "
         "retried, as the server did not take the message."},
    };
    return d;
}

}  // namespace mailblock::send_email
