// The Send email block's description: every port, type, default and title, in one place.
#pragma once

#include "common/connection_ports.hpp"
#include "mailblock/sdk/descriptor.hpp"

namespace mailblock::send_email {

// Port ids, used by the block and by its descriptor alike.
namespace port {
inline const char* const kServer = "server";
inline const char* const kPort = "port";
inline const char* const kLogin = "login";
inline const char* const kPassword = "password";
inline const char* const kSsl = "ssl";
inline const char* const kSenderEmail = "sender_email";
inline const char* const kSenderName = "sender_name";
inline const char* const kRecipient = "recipient";
inline const char* const kSubject = "subject";
inline const char* const kBody = "body";
inline const char* const kHtml = "html";
inline const char* const kAttachments = "attachments";
inline const char* const kTimeout = common::port::kTimeout;
inline const char* const kCc = "cc";
inline const char* const kBcc = "bcc";
inline const char* const kBccSelf = "bcc_self";
inline const char* const kReplyTo = "reply_to";
inline const char* const kSecurity = common::port::kSecurity;
inline const char* const kAuthMethod = common::port::kAuthMethod;
inline const char* const kAccessToken = common::port::kAccessToken;
inline const char* const kCaFile = common::port::kCaFile;
inline const char* const kAcceptUntrusted = common::port::kAcceptUntrusted;
inline const char* const kAllowInsecureAuth = common::port::kAllowInsecureAuth;
inline const char* const kEhloName = "ehlo_name";
inline const char* const kRetries = "retries";
inline const char* const kRecipientErrors = "recipient_errors";
inline const char* const kCheckMode = "check_mode";
inline const char* const kConnectionPool = "connection_pool";
inline const char* const kPoolIdle = "pool_idle_seconds";
inline const char* const kMessagesPerConnection = "messages_per_connection";
inline const char* const kMessagesPerSecond = sdk::standard_ports::kMessagesPerSecond;
inline const char* const kMessageId = sdk::standard_ports::kMessageId;
// The message users ask for (issue 20).
inline const char* const kSaveEml = "save_eml";
inline const char* const kPriority = "priority";
inline const char* const kReadReceipt = "read_receipt";
inline const char* const kInReplyTo = "in_reply_to";
inline const char* const kHeaders = "headers";
inline const char* const kListUnsubscribe = "list_unsubscribe";
inline const char* const kSender = "sender";
inline const char* const kBounceAddress = "bounce_address";
inline const char* const kTemplate = "template";
inline const char* const kDeliveryNotify = "delivery_notify";
inline const char* const kDeliveryReturn = "delivery_return";
inline const char* const kInlineImages = "inline_images";
inline const char* const kTemplateValues = "template_values";
inline const char* const kSentMessage = "sent_message";
inline const char* const kCheckReport = "check_report";
}  // namespace port

sdk::BlockDescriptor describe();

}  // namespace mailblock::send_email
