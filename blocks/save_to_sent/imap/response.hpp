// Reading IMAP server responses (RFC 3501 7): lines with embedded literals, status responses with response
// codes, and tokens of data responses (LIST, SEARCH, CAPABILITY). Bounded: a server cannot make us hold
// more than kMaxLine per line or kMaxLiteral per literal.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace mailblock::save_to_sent::imap {

constexpr size_t kMaxLine = size_t{64} * 1024;
constexpr size_t kMaxLiteral = size_t{16} * 1024 * 1024;
constexpr size_t kMaxLiteralsPerResponse = 10000;

struct ProtocolError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// One response as received: its text with literal markers "{n}" left in place, and the literals in order.
struct RawResponse {
    std::string text;
    std::vector<std::string> literals;
};

// Reads bytes: returns how many were read into buf (0 = connection closed). Throws on timeout.
using ByteSource = std::function<size_t(char* buf, size_t max)>;

class ResponseReader {
public:
    explicit ResponseReader(ByteSource source) : source_(std::move(source)) {}
    // The next complete response. Throws ProtocolError when the peer closes or breaks a bound.
    RawResponse next();
    // Bytes received but not read yet: after the OK to STARTTLS there must be none (RFC 3501 6.2.1).
    size_t buffered() const { return buffer_.size() - pos_; }

private:
    std::string line();
    std::string exactly(size_t n);
    bool fill();

    ByteSource source_;
    std::string buffer_;
    size_t pos_ = 0;
};

struct Status {
    std::string tag;     // "*", "+" or the command's tag
    std::string status;  // OK, NO, BAD, BYE, PREAUTH; empty for data responses
    std::string code;    // the response code without brackets, e.g. "APPENDUID 38505 3955"; may be empty
    std::string text;    // the human text
};

Status parseStatus(const RawResponse& r);

struct Token {
    enum class Kind { Atom, String, ListOpen, ListClose, Nil } kind;
    std::string value;  // atom text, or string/literal contents
};

// Tokens of a data response after its tag: "* LIST (\HasNoChildren) "/" {5}\r\nSent" ->
// [Atom LIST, (, Atom \HasNoChildren, ), String /, String Sent].
std::vector<Token> tokenize(const RawResponse& r);

}  // namespace mailblock::save_to_sent::imap
