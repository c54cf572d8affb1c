#include "save_to_sent/imap/response.hpp"

#include <cctype>

namespace mailblock::save_to_sent::imap {

bool ResponseReader::fill() {
    if (pos_ > 0 && pos_ == buffer_.size()) {
        buffer_.clear();
        pos_ = 0;
    }
    char chunk[16 * 1024];
    size_t n = source_(chunk, sizeof chunk);
    if (n == 0) return false;
    buffer_.append(chunk, n);
    return true;
}

std::string ResponseReader::line() {
    while (true) {
        size_t eol = buffer_.find("\r\n", pos_);
        if (eol != std::string::npos) {
            if (eol - pos_ > kMaxLine) throw ProtocolError("server sent a line longer than 64 KB");
            std::string l = buffer_.substr(pos_, eol - pos_);
            pos_ = eol + 2;
            return l;
        }
        if (buffer_.size() - pos_ > kMaxLine) throw ProtocolError("server sent a line longer than 64 KB");
        // Keep the unread part only, so a long stream of small lines does not grow the buffer.
        buffer_.erase(0, pos_);
        pos_ = 0;
        if (!fill()) throw ProtocolError("the server closed the connection");
    }
}

std::string ResponseReader::exactly(size_t n) {
    while (buffer_.size() - pos_ < n) {
        buffer_.erase(0, pos_);
        pos_ = 0;
        if (!fill()) throw ProtocolError("the server closed the connection inside a literal");
    }
    std::string out = buffer_.substr(pos_, n);
    pos_ += n;
    return out;
}

namespace {
// "{123}" or "{123+}" at the end of a line: the size of the literal that follows; npos when none.
size_t literalSize(const std::string& l) {
    if (l.empty() || l.back() != '}') return std::string::npos;
    size_t open = l.rfind('{');
    if (open == std::string::npos) return std::string::npos;
    std::string digits = l.substr(open + 1, l.size() - open - 2);
    if (!digits.empty() && digits.back() == '+') digits.pop_back();
    if (digits.empty() || digits.size() > 9) return std::string::npos;
    for (char c : digits)
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::string::npos;
    return std::stoul(digits);
}
}  // namespace

RawResponse ResponseReader::next() {
    RawResponse r;
    r.text = line();
    for (size_t n = literalSize(r.text); n != std::string::npos; n = literalSize(r.text)) {
        if (n > kMaxLiteral) throw ProtocolError("server sent a literal larger than 16 MB");
        if (r.literals.size() >= kMaxLiteralsPerResponse) throw ProtocolError("server sent too many literals");
        r.literals.push_back(exactly(n));
        std::string rest = line();
        if (r.text.size() + rest.size() > kMaxLine) throw ProtocolError("server sent a response longer than 64 KB");
        r.text += "\r\n" + rest;
    }
    return r;
}

Status parseStatus(const RawResponse& r) {
    Status s;
    const std::string& t = r.text;
    size_t sp = t.find(' ');
    s.tag = t.substr(0, sp);
    if (sp == std::string::npos) return s;
    if (s.tag == "+") {
        s.text = t.substr(sp + 1);
        return s;
    }
    size_t sp2 = t.find(' ', sp + 1);
    std::string word = t.substr(sp + 1, sp2 == std::string::npos ? std::string::npos : sp2 - sp - 1);
    for (auto& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (word != "OK" && word != "NO" && word != "BAD" && word != "BYE" && word != "PREAUTH") return s;
    s.status = word;
    if (sp2 == std::string::npos) return s;
    std::string rest = t.substr(sp2 + 1);
    if (!rest.empty() && rest[0] == '[') {
        size_t close = rest.find(']');
        if (close != std::string::npos) {
            s.code = rest.substr(1, close - 1);
            rest = close + 1 < rest.size() ? rest.substr(close + 1) : std::string();
            if (!rest.empty() && rest[0] == ' ') rest.erase(0, 1);
        }
    }
    s.text = rest;
    return s;
}

std::vector<Token> tokenize(const RawResponse& r) {
    std::vector<Token> out;
    const std::string& t = r.text;
    size_t i = t.find(' ');  // skip the tag
    size_t literal = 0;
    while (i != std::string::npos && i < t.size()) {
        char c = t[i];
        if (c == ' ' || c == '\r' || c == '\n') {
            ++i;
        } else if (c == '(') {
            out.push_back({Token::Kind::ListOpen, "("});
            ++i;
        } else if (c == ')') {
            out.push_back({Token::Kind::ListClose, ")"});
            ++i;
        } else if (c == '"') {
            std::string v;
            for (++i; i < t.size() && t[i] != '"'; ++i) {
                if (t[i] == '\\' && i + 1 < t.size()) ++i;
                v += t[i];
            }
            if (i >= t.size()) throw ProtocolError("unterminated quoted string in server response");
            ++i;
            out.push_back({Token::Kind::String, v});
        } else if (c == '{') {
            size_t close = t.find('}', i);
            if (close == std::string::npos || literal >= r.literals.size()) throw ProtocolError("bad literal in server response");
            out.push_back({Token::Kind::String, r.literals[literal++]});
            i = close + 1;
        } else {
            size_t end = t.find_first_of(" ()\r\n", i);
            // Flags like \HasNoChildren and atoms with [..] (BODY[HEADER]) stay one token.
            std::string atom = t.substr(i, end == std::string::npos ? std::string::npos : end - i);
            out.push_back({atom == "NIL" ? Token::Kind::Nil : Token::Kind::Atom, atom});
            i = end;
        }
    }
    return out;
}

}  // namespace mailblock::save_to_sent::imap
