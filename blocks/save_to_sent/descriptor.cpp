#include "save_to_sent/descriptor.hpp"

#include "common/autoconfig/block_setup.hpp"
#include "common/connection_ports.hpp"
#include "common/named_connection_port.hpp"
#include "common/port_groups.hpp"
#include "common/run_record.hpp"

namespace mailblock::save_to_sent {

using sdk::Port;
using sdk::PortType;
using sdk::Value;
namespace group = common::group;

sdk::BlockDescriptor describe() {
    sdk::BlockDescriptor d;
    d.id = "mail.save_to_sent";
    d.version = "1.0.0";
    d.title = {"Сохранить в отправленных", "Save to Sent"};
    d.description = {"Сохраняет отправленное письмо в папку «Отправленные» почтового ящика по IMAP.",
                     "Stores the sent message in the mailbox's Sent folder over IMAP."};
    d.category = {"Почта", "Email"};
    d.icon = "font-awesome/fa-inbox";
    d.color = "#A9D8B8";
    d.status_running = {"сохранение", "saving"};
    d.status_done = {"сохранено", "saved"};
    d.groups = {group::kMessage, group::kConnection, group::kSecurity, group::kFolder, group::kLog};
    d.inputs = {
        Port::make(port::kMessage, {"Отправленное письмо", "Sent message"}, {PortType::Object})
            .isRequired()
            .describe({"Выход «Отправленное письмо» блока «Отправить письмо».",
                       "The \"Sent message\" output of the Send email block."})
            .inGroup(group::kMessage.id),
        common::namedConnectionPort().inGroup(group::kConnection.id),
        Port::make(port::kServer, {"Сервер IMAP", "IMAP server"}, {PortType::Text})
            .describe({"Пусто — сервер IMAP, найденный блоком «Отправить письмо» по адресу, иначе по его серверу SMTP "
                       "(smtp.yandex.ru -> imap.yandex.ru); порт и защита — оттуда же, если не указаны.",
                       "Empty: the IMAP server Send email found from the address, else derived from its SMTP server "
                       "(smtp.yandex.ru -> imap.yandex.ru); port and security from there too unless given."})
            .inGroup(group::kConnection.id),
        Port::make(port::kPort, {"Порт", "Port"}, {PortType::Number})
            .isInteger(1, 65535)
            .describe({"Пусто — 993 с флагом SSL или SSL при подключении, иначе 143.",
                       "Empty: 993 with the SSL flag or SSL on connect, else 143."})
            .inGroup(group::kConnection.id),
        Port::make(port::kLogin, {"Логин", "Login"}, {PortType::Text})
            .describe({"Пусто — логин, с которым письмо отправлено.", "Empty: the login the message was sent with."})
            .inGroup(group::kConnection.id),
        Port::make(port::kPassword, {"Пароль", "Password"}, {PortType::Text, PortType::SecureString})
            .isSecret()
            .describe({"Пусто — пароль, с которым письмо отправлено; он передаётся только серверу IMAP той же учётной "
                       "записи (найденному по ней или из домена её сервера SMTP), другому серверу нужен свой пароль.",
                       "Empty: the password the message was sent with; it goes only to an IMAP server of that same account "
                       "(the one derived from it, or a host in its SMTP server's domain): any other server needs its own."})
            .inGroup(group::kConnection.id),
        common::domainPort().inGroup(group::kConnection.id),
        common::keytabPort().inGroup(group::kConnection.id),
        common::accessTokenPort().inGroup(group::kConnection.id),
        common::oauthCredentialPort().inGroup(group::kConnection.id),
        common::authMethodPort().inGroup(group::kSecurity.id),
        Port::make(port::kSsl, {"SSL", "SSL"}, {PortType::Boolean})
            .byDefault(Value::boolean(true))
            .describe({"Обязательно защищённое соединение: порт 993 (и пустой порт) — SSL при подключении, другой порт — "
                       "STARTTLS. Без флага (Auto) STARTTLS всё равно включается, если сервер его предлагает.",
                       "Require a secure connection: port 993 (and an empty port) means SSL on connect, any other port "
                       "STARTTLS. Without the flag (Auto) STARTTLS is still used whenever the server offers it."})
            .inGroup(group::kSecurity.id),
        common::securityPort(common::Protocol::Imap).inGroup(group::kSecurity.id),
        Port::make(port::kFolder, {"Папка", "Folder"}, {PortType::Text})
            .describe({"Пусто — папка с флагом \\Sent или «Sent», «Отправленные» и т. п.",
                       "Empty: the folder flagged \\Sent, or Sent, Sent Items, Отправленные and the like."})
            .inGroup(group::kFolder.id),
        Port::make(port::kAsDraft, {"Сохранить в черновики", "Save as a draft"}, {PortType::Boolean})
            .byDefault(Value::boolean(false))
            .describe({"Положить письмо в «Черновики» (папка с флагом \\Drafts, иначе Drafts, Черновики) с флагом "
                       "\\Draft — например, после «Только сохранить .eml»: человек проверит и отправит сам.",
                       "Put the message into Drafts (the folder flagged \\Drafts, else Drafts, Черновики) with the "
                       "\\Draft flag: for example after Only save as .eml, for a person to check and send."})
            .inGroup(group::kFolder.id),
        Port::make(port::kMarkAsRead, {"Пометить прочитанным", "Mark as read"}, {PortType::Boolean})
            .byDefault(Value::boolean(true))
            .describe({"Сохранить с флагом \\Seen.", "Store with the \\Seen flag."})
            .inGroup(group::kFolder.id),
        Port::make(port::kAppendMode, {"Сохранять копию", "Store a copy"}, {PortType::Enum})
            .oneOf({"Auto", "Always", "Never"})
            .byDefault(Value::text("Auto"))
            .describe({"Auto — пропустить, если письмо ушло через сервер, который сам кладёт копию в этот ящик (SMTP Gmail, "
                       "Outlook), или оно уже в папке; Always — сохранить, если письма ещё нет; Never — не сохранять.",
                       "Auto: skip when the message went through a server that files its own copy in this mailbox (Gmail's "
                       "or Outlook's SMTP) or it is already there; Always: store unless already there; Never: do not store."})
            .inGroup(group::kFolder.id),
        common::timeoutPort().inGroup(group::kConnection.id),
        common::caFilePort().inGroup(group::kSecurity.id),
        common::acceptUntrustedPort().inGroup(group::kSecurity.id),
        common::allowInsecureAuthPort().inGroup(group::kSecurity.id),
        common::autoconfig::allowUnverifiedSettingsPort().inGroup(group::kSecurity.id),
        common::logFilePort({"Файл, в который дописывается строка о каждом запуске, удачном или нет (время, блок, сервер "
                             "IMAP, Message-ID, 0, результат, длительность); можно указать тот же файл, что у «Отправить письмо».",
                             "A file that gets one line per run, successful or not (time, block, IMAP server, Message-ID, "
                             "0, outcome, duration); it may be the same file as Send email's."})
            .inGroup(group::kLog.id),
        common::logModePort().inGroup(group::kLog.id),
    };
    d.outputs = {
        Port::make(port::kFolderUsed, {"Папка", "Folder used"}, {PortType::Text})
            .describe({"Папка, в которую сохранено письмо.", "The folder the message was stored in."}),
        Port::make(port::kUid, {"UID", "UID"}, {PortType::Number})
            .describe({"UID письма в папке (если сервер его сообщил).", "The message's UID in the folder (when the server tells it)."}),
        Port::make(port::kOutcome, {"Результат", "Outcome"}, {PortType::Text})
            .describe({"stored, already_there (уже было в папке) или skipped (сервер сам хранит копию).",
                       "stored, already_there, or skipped (the server files its own copy)."}),
    };
    d.notes = {
        {"Сервер, логин и пароль можно не указывать: они берутся из отправленного письма (smtp.yandex.ru → "
         "imap.yandex.ru, smtp.mail.ru → imap.mail.ru, smtp.gmail.com → imap.gmail.com). Папка находится сама: "
         "по флагу \\Sent или по обычным названиям («Отправленные», Sent, Sent Items).",
         "Server, login and password may be left empty: they come from the sent message (smtp.yandex.ru → "
         "imap.yandex.ru, smtp.mail.ru → imap.mail.ru, smtp.gmail.com → imap.gmail.com). The folder is found by "
         "its \\Sent flag or by the usual names (Sent, Sent Items, Отправленные)."},
        {"Повторный запуск не создаёт второй копии: письмо ищется в папке по Message-ID. Письмо, отправленное через "
         "SMTP Gmail или Outlook, они сохраняют в ящике сами, поэтому по умолчанию блок его туда не добавляет (порт "
         "«Сохранять копию»); отправленное через другой сервер (например, корпоративный) сохраняется.",
         "Running twice stores one copy: the folder is searched for the Message-ID first. A message sent through "
         "Gmail's or Outlook's SMTP is filed in that mailbox by the provider itself, so by default the block adds none "
         "there (the \"Store a copy\" port decides); one sent through any other server (a company relay) is stored."},
        {"Пароль отправки в письме не передаётся: блок «Отправить письмо» оставляет его у себя до конца запуска "
         "диаграммы, а в письме — только ссылку на него, по которой пароль получит лишь сервер IMAP той же учётной записи.",
         "The sending password does not travel in the message: Send email keeps it until the diagram run ends and "
         "puts only a handle to it in the Sent message, which gives the password to an IMAP server of that same "
         "account only."},
        {"Если сохранить копию по IMAP нельзя (доступ по IMAP закрыт, другой ящик), включите в «Отправить письмо» "
         "порт «Скрытая копия себе»: копия придёт во «Входящие», а правило на сервере может переложить её в папку.",
         "Where a copy cannot be stored over IMAP (IMAP access closed, another mailbox), turn on \"BCC to self\" "
         "in Send email instead: the copy arrives in the Inbox, and a server rule can move it to a folder."},
    };
    return d;
}

}  // namespace mailblock::save_to_sent
