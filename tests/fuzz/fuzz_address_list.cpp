// Recipient / Copy / Blind copy text -> mailboxes (blocks/send_email/message/address_list.hpp). Whatever the
// text, every mailbox accepted must be one the MIME writer and the SMTP envelope can carry safely.
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "mailblock/sdk/ascii.hpp"
#include "send_email/message/address_list.hpp"
#include "send_email/message/header_encoding.hpp"

using namespace mailblock::message;
using mailblock::fuzz::printable;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    AddressList list = parseAddressList(text);
    std::string where = "input: " + printable(text);

    FUZZ_CHECK(list.mailboxes.size() <= kMaxRecipients || !list.errors.empty(), where);
    for (size_t i = 0; i < list.mailboxes.size(); ++i) {
        const Mailbox& m = list.mailboxes[i];
        std::string at = where + "\nmailbox: " + printable(m.name) + " <" + printable(m.address) + ">";
        // The address as accepted is one validateAddress accepts on its own, and cannot end a header or a command.
        FUZZ_CHECK(validateAddress(m.address).empty(), at);
        FUZZ_CHECK(m.address.find_first_of(std::string("\r\n\0", 3)) == std::string::npos, at);
        FUZZ_CHECK(m.name.find_first_of(std::string("\r\n\0", 3)) == std::string::npos, at);
        // Each address once, compared case-insensitively.
        for (size_t k = 0; k < i; ++k)
            FUZZ_CHECK(mailblock::sdk::ascii::lower(list.mailboxes[k].address) != mailblock::sdk::ascii::lower(m.address), at);
    }
    for (const auto& e : list.errors) FUZZ_CHECK(!e.empty(), where);

    // What was accepted goes into To: as is; the writer must take it without throwing and keep its lines legal.
    if (!list.mailboxes.empty()) {
        std::string field = addressField("To", list.mailboxes);
        FUZZ_CHECK(field.size() >= 2 && field.compare(field.size() - 2, 2, "\r\n") == 0, where);
        size_t line_start = 0;
        for (size_t i = 0; i < field.size(); ++i) {
            if (field[i] == '\r') FUZZ_CHECK(i + 1 < field.size() && field[i + 1] == '\n', where + "\nfield: " + printable(field));
            if (field[i] == '\n') {
                FUZZ_CHECK(i > 0 && field[i - 1] == '\r', where + "\nfield: " + printable(field));
                FUZZ_CHECK(i - 1 - line_start <= 998, where + "\nfield: " + printable(field));
                // A continuation line starts with white space, or the header would end early.
                if (i + 1 < field.size()) FUZZ_CHECK(field[i + 1] == ' ' || field[i + 1] == '\t', where + "\nfield: " + printable(field));
                line_start = i + 1;
            }
        }
    }
    // Each item also goes through validateAddress alone, as the sender address does.
    (void)validateAddress(text);
    return 0;
}
