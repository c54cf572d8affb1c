// IMAP server responses (blocks/save_to_sent/imap/response.hpp): the bounded reader fed the input in pieces
// of a size the first byte chooses (as a socket would cut it), then status parsing and tokenizing of every
// response (and the count of bytes left unread after each), and the modified UTF-7 mailbox names and Sent folder
// choice a LIST answer leads to.
#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "mailblock/sdk/ascii.hpp"
#include "save_to_sent/imap/client.hpp"
#include "save_to_sent/imap/mutf7.hpp"
#include "save_to_sent/imap/response.hpp"
#include "save_to_sent/sent_folder.hpp"

using namespace mailblock::save_to_sent;
using namespace mailblock::save_to_sent::imap;
using mailblock::fuzz::printable;

namespace {

// A mailbox name as the server spells it, decoded; and what a Folder port with that name would send back.
void checkMailboxName(const std::string& wire, const std::string& where) {
    std::string name;
    try {
        name = decodeMailboxName(wire);
    } catch (const std::invalid_argument&) {
        return;
    }
    if (!mailblock::fuzz::validUtf8(name)) return;
    std::string again = encodeMailboxName(name);
    FUZZ_CHECK(decodeMailboxName(again) == name, where + "\nname: " + printable(wire) + " -> " + printable(name) + " -> " + printable(again));
}

void checkResponse(const RawResponse& r, const std::string& where, std::vector<Mailbox>& boxes) {
    FUZZ_CHECK(r.text.size() <= kMaxLine + 2, where);  // a line, or lines joined with literals: 64 KB (+ CRLF)
    FUZZ_CHECK(r.literals.size() <= kMaxLiteralsPerResponse, where);
    Status s = parseStatus(r);
    FUZZ_CHECK(r.text.rfind(s.tag, 0) == 0, where);
    FUZZ_CHECK(s.status.empty() || s.status == "OK" || s.status == "NO" || s.status == "BAD" || s.status == "BYE" ||
                   s.status == "PREAUTH",
               where);
    std::vector<Token> tokens;
    try {
        tokens = tokenize(r);
    } catch (const ProtocolError&) {
        return;
    }
    size_t strings = 0;
    for (const auto& t : tokens) {
        if (t.kind == Token::Kind::Atom) FUZZ_CHECK(!t.value.empty() && t.value.find_first_of(" ()\r\n") == std::string::npos, where);
        if (t.kind == Token::Kind::String) ++strings;
        if (t.kind == Token::Kind::String || t.kind == Token::Kind::Atom) checkMailboxName(t.value, where);
    }
    // A LIST / XLIST answer the way the client reads one: (flags) delimiter name.
    if (tokens.size() >= 5 && tokens[1].kind == Token::Kind::ListOpen) {
        Mailbox m;
        size_t i = 2;
        for (; i < tokens.size() && tokens[i].kind != Token::Kind::ListClose; ++i) m.flags.push_back(tokens[i].value);
        if (i + 2 < tokens.size()) {
            m.wire = tokens[i + 2].value;
            try {
                m.name = decodeMailboxName(m.wire);
            } catch (const std::invalid_argument&) {
                m.name = m.wire;
            }
            boxes.push_back(std::move(m));
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    // First byte: the piece size the "socket" hands out (1..64, or up to 16 KB when the top bit is set).
    size_t piece = (data[0] & 0x80) ? SIZE_MAX : size_t{1} + (data[0] & 0x3F);
    std::string stream(reinterpret_cast<const char*>(data) + 1, size - 1);
    size_t pos = 0;
    ResponseReader reader([&](char* buf, size_t max) {
        size_t n = std::min({piece, max, stream.size() - pos});
        stream.copy(buf, n, pos);
        pos += n;
        return n;
    });
    std::string where = "stream: " + printable(stream);
    std::vector<Mailbox> boxes;
    size_t consumed = 0;  // bytes of the responses read so far, as they came on the wire
    for (size_t count = 0; count <= stream.size(); ++count) {  // each response takes at least two bytes
        try {
            RawResponse r = reader.next();
            consumed += r.text.size() + 2;
            for (const auto& l : r.literals) consumed += l.size();
            // What is left unread must be exact: the STARTTLS injection check relies on it (client.cpp).
            FUZZ_CHECK(reader.buffered() == pos - consumed, where);
            checkResponse(r, where, boxes);
        } catch (const ProtocolError&) {
            break;
        }
    }
    if (auto sent = findSentFolder(boxes)) {
        FUZZ_CHECK(std::any_of(boxes.begin(), boxes.end(), [&](const Mailbox& b) { return b.wire == sent->wire; }), where);
        FUZZ_CHECK(!sent->hasFlag("\\Noselect"), where);
    }
    for (const auto& b : boxes)
        if (auto found = findFolder(boxes, b.name))
            FUZZ_CHECK(found->name == b.name || mailblock::sdk::ascii::lower(found->name) == "inbox", where);
    return 0;
}
