#include "send_email/transport.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "common/i18n.hpp"
#include "common/outcome.hpp"

namespace mailblock::send_email {

smtp::Delivery SmtpTransport::send(const smtp::Envelope& envelope, const smtp::MessageData& message,
                                   const smtp::Hooks& hooks) {
    return smtp::deliver(settings_, envelope, message, hooks, pool_);
}

smtp::Delivery FileTransport::send(const smtp::Envelope& envelope, const smtp::MessageData& message,
                                   const smtp::Hooks& hooks) {
    const std::string partial = path_ + ".part";
    auto fail = [&](const std::string& why) {
        (void)std::remove(partial.c_str());  // nothing to do if it was never made
        sdk::BlockError e;
        e.kind = "file";
        e.fate = common::fate::kNotSent;
        e.message = common::tr(lang_, "не удалось записать файл .eml \"" + path_ + "\": " + why,
                               "could not write the .eml file \"" + path_ + "\": " + why);
        e.hint = common::tr(lang_, "Проверьте папку и права на запись.", "Check the folder and the permission to write.");
        return sdk::BlockFailure(e);
    };
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        if (!out) throw fail(std::strerror(errno));
        message.writeTo(out);
        out.flush();
        if (!out) throw fail(std::strerror(errno));
    }
    if (std::rename(partial.c_str(), path_.c_str()) != 0) throw fail(std::strerror(errno));
    if (hooks.note) hooks.note("saved " + std::to_string(message.size) + " bytes as " + path_ + "; nothing was sent");
    smtp::Delivery d;
    for (const auto& r : envelope.recipients) d.recipients.push_back({r, smtp::RecipientStatus::NotSent, {}, "", -1});
    return d;
}

}  // namespace mailblock::send_email
