#include "send_email/compose.hpp"

#include <sys/stat.h>

#include <sstream>

#include "common/spool.hpp"
#include "send_email/message/message_writer.hpp"

namespace mailblock::send_email {

smtp::MessageData compose(const message::MessageSpec& spec, bool keep, uint64_t run_scope) {
    uint64_t estimate = spec.body.size();
    std::vector<message::Attachment> files = spec.attachments;
    for (const auto& i : spec.inline_images) files.push_back(i.file);
    for (const auto& a : files) {
        estimate += a.content.size() / 3 * 4;
        struct stat st {};
        if (!a.path.empty() && ::stat(a.path.c_str(), &st) == 0) estimate += static_cast<uint64_t>(st.st_size) / 3 * 4;
    }
    smtp::MessageData data;
    if (estimate < kSpoolThreshold) {
        std::ostringstream out;
        message::writeMessage(spec, out);
        data.bytes = out.str();
        data.size = data.bytes.size();
        return data;
    }
    if (!keep) {
        data.size = message::messageSize(spec);
        data.generate = [&spec](std::ostream& out) { message::writeMessage(spec, out); };
        return data;
    }
    std::ofstream out;
    data.path = common::createSpoolFile(out, run_scope);
    message::writeMessage(spec, out);
    out.flush();
    if (!out) throw std::runtime_error("writing the spool file " + data.path + " failed (disk full?)");
    data.size = static_cast<uint64_t>(out.tellp());
    return data;
}

}  // namespace mailblock::send_email
