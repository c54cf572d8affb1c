// JSON text <-> Value. Header-only, bounded, strict (RFC 8259), used for diagrams and for the C ABI.
//
// Wire form (what crosses the plugin boundary): plain JSON, except a secret is {"$secret":"..."}, an
// object is {"$object":{...}}, and a dictionary that would read as one of those (its only key is "$secret",
// "$object" or "$dict") is {"$dict":{...}}. Plain form (diagram files) reads all three as ordinary dictionaries.
// Display form masks every secret as "***": it is the only form that hosts print.
#pragma once

#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

#include "mailblock/sdk/swar.hpp"
#include "mailblock/sdk/utf8.hpp"
#include "mailblock/sdk/value.hpp"

namespace mailblock::sdk::json {

enum class Form { Plain, Wire, Display };

struct ParseError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

constexpr int kMaxDepth = 64;
// The wire form may wrap every level in {"$object":...} or {"$dict":...}: twice as deep, plus a secret's wrapper.
constexpr int kMaxWireDepth = 2 * kMaxDepth + 1;

namespace detail {

// A character a JSON string cannot hold as it is: the runs between such characters are copied at once.
inline bool escaped(char c) { return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20; }

// How many bytes from `from` on need no escape: eight at a time, the bulk of a message body.
inline size_t plainRun(std::string_view s, size_t from) {
    size_t i = from;
    for (; i + 8 <= s.size(); i += 8) {
        const uint64_t w = swar::load(s.data() + i);
        if (swar::anyBelow(w, 0x20) | swar::anyEqual(w, '"') | swar::anyEqual(w, '\\')) break;
    }
    while (i < s.size() && !escaped(s[i])) ++i;
    return i - from;
}

class Parser {
public:
    Parser(std::string_view text, Form form) : s_(text), form_(form) {}

    Value document() {
        Value v = value(0);
        skipSpace();
        if (pos_ != s_.size()) error("unexpected text after the value");
        return v;
    }

private:
    [[noreturn]] void error(const std::string& what) const {
        // Line and column help a person fix a hand-written diagram.
        size_t line = 1, col = 1;
        for (size_t i = 0; i < pos_ && i < s_.size(); ++i) {
            if (s_[i] == '\n') { ++line; col = 1; } else { ++col; }
        }
        throw ParseError("JSON error at line " + std::to_string(line) + ", column " + std::to_string(col) + ": " + what);
    }
    void skipSpace() {
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
    }
    bool consume(std::string_view word) {
        if (s_.substr(pos_, word.size()) != word) return false;
        pos_ += word.size();
        return true;
    }
    // `literal`: an object read as a plain dictionary, the content of a {"$dict":...} wrapper.
    Value value(int depth, bool literal = false) {
        const int limit = form_ == Form::Wire ? kMaxWireDepth : kMaxDepth;
        if (depth > limit) error("nesting deeper than " + std::to_string(limit));
        skipSpace();
        if (pos_ >= s_.size()) error("unexpected end of text");
        char c = s_[pos_];
        if (c == '{') return object(depth, literal);
        if (c == '[') return array(depth);
        if (c == '"') return Value::text(string());
        if (consume("true")) return Value::boolean(true);
        if (consume("false")) return Value::boolean(false);
        if (consume("null")) return Value();
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        error(std::string("unexpected character '") + c + "'");
    }
    Value number() {
        size_t start = pos_;
        if (s_[pos_] == '-') ++pos_;
        auto digits = [&] { size_t d = pos_; while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_; return pos_ - d; };
        if (digits() == 0) error("bad number");
        if (pos_ < s_.size() && s_[pos_] == '.') { ++pos_; if (digits() == 0) error("bad number"); }
        if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
            ++pos_;
            if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
            if (digits() == 0) error("bad number");
        }
        double d = 0;
        auto r = std::from_chars(s_.data() + start, s_.data() + pos_, d);
        if (r.ec != std::errc() || !std::isfinite(d)) error("number out of range");
        return Value::number(d);
    }
    uint32_t hex4() {
        if (pos_ + 4 > s_.size()) error("short \\u escape");
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            char h = s_[pos_++];
            v <<= 4;
            if (h >= '0' && h <= '9') v |= static_cast<uint32_t>(h - '0');
            else if (h >= 'a' && h <= 'f') v |= static_cast<uint32_t>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F') v |= static_cast<uint32_t>(h - 'A' + 10);
            else error("bad \\u escape");
        }
        return v;
    }
    std::string string() {
        ++pos_;  // opening quote
        std::string out;
        while (true) {
            const size_t run = pos_ + plainRun(s_, pos_);
            out.append(s_.data() + pos_, run - pos_);  // a message body is mostly such runs
            pos_ = run;
            if (pos_ >= s_.size()) error("unterminated string");
            char c = s_[pos_++];
            if (c == '"') return out;
            if (c != '\\') error("control character in string");
            if (pos_ >= s_.size()) error("unterminated string");
            char e = s_[pos_++];
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    uint32_t cp = hex4();
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        if (!consume("\\u")) error("lone high surrogate");
                        uint32_t lo = hex4();
                        if (lo < 0xDC00 || lo > 0xDFFF) error("bad low surrogate");
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                        error("lone low surrogate");
                    }
                    utf8::append(out, cp);
                    break;
                }
                default: error(std::string("bad escape \\") + e);
            }
        }
    }
    Value array(int depth) {
        ++pos_;
        std::vector<Value> items;
        skipSpace();
        if (consume("]")) return Value::list(std::move(items));
        while (true) {
            items.push_back(value(depth + 1));
            skipSpace();
            if (consume("]")) return Value::list(std::move(items));
            if (!consume(",")) error("expected ',' or ']'");
        }
    }
    Value object(int depth, bool literal) {
        ++pos_;
        Value dict = Value::dictionary();
        skipSpace();
        if (!consume("}")) {
            while (true) {
                skipSpace();
                if (pos_ >= s_.size() || s_[pos_] != '"') error("expected a member name");
                std::string key = string();
                skipSpace();
                if (!consume(":")) error("expected ':'");
                if (dict.find(key)) error("duplicate member \"" + key + "\"");
                bool wrapped_dict = form_ == Form::Wire && dict.members().empty() && key == "$dict";
                dict.members().push_back(Member{std::move(key), value(depth + 1, wrapped_dict)});
                skipSpace();
                if (consume("}")) break;
                if (!consume(",")) error("expected ',' or '}'");
            }
        }
        if (form_ == Form::Wire && !literal && dict.members().size() == 1) {
            const Member& m = dict.members().front();
            if (m.key == "$secret" && m.value.type() == ValueType::Text) return Value::secret(m.value.asText());
            if (m.key == "$object" && m.value.type() == ValueType::Dictionary)
                return Value::object(m.value.members());
            if (m.key == "$dict" && m.value.type() == ValueType::Dictionary) return m.value;
        }
        return dict;
    }

    std::string_view s_;
    Form form_;
    size_t pos_ = 0;
};

// Bytes that are not UTF-8 are written as U+FFFD, except in the wire form, which carries a block's text as it is:
// what a host prints or saves is always valid JSON (RFC 8259 8.1).
inline void writeString(std::string& out, std::string_view s, Form form = Form::Wire) {
    std::string fixed;
    if (form != Form::Wire && utf8::firstInvalid(s) != std::string_view::npos) s = fixed = utf8::repaired(s);
    out += '"';
    for (size_t i = 0; i < s.size(); ++i) {
        const size_t run = i + plainRun(s, i);  // copied at once
        out.append(s.data() + i, run - i);
        if (run == s.size()) break;
        i = run;
        const auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default: {  // another control character
                static const char* hex = "0123456789abcdef";
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 15];
            }
        }
    }
    out += '"';
}

inline void writeNumber(std::string& out, double d) {
    char buf[32];
    // Whole numbers print without a fraction ("587", not "587.0"): ports are mostly integers.
    if (std::nearbyint(d) == d && std::fabs(d) < 1e15) {
        auto r = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(d));
        out.append(buf, r.ptr);
    } else {
        auto r = std::to_chars(buf, buf + sizeof buf, d);
        out.append(buf, r.ptr);
    }
}

inline void write(std::string& out, const Value& v, Form form, int indent, int level) {
    auto newline = [&](int lv) {
        if (indent <= 0) return;
        out += '\n';
        out.append(static_cast<size_t>(indent) * static_cast<size_t>(lv), ' ');
    };
    auto members = [&](const std::vector<Member>& ms) {
        out += '{';
        bool first = true;
        for (const auto& m : ms) {
            if (!first) out += ',';
            first = false;
            newline(level + 1);
            writeString(out, m.key, form);
            out += indent > 0 ? ": " : ":";
            write(out, m.value, form, indent, level + 1);
        }
        if (!ms.empty()) newline(level);
        out += '}';
    };
    switch (v.type()) {
        case ValueType::Null: out += "null"; break;
        case ValueType::Boolean: out += v.asBool() ? "true" : "false"; break;
        case ValueType::Number: writeNumber(out, v.asNumber()); break;
        case ValueType::Text: writeString(out, v.asText(), form); break;
        case ValueType::Secret:
            if (form == Form::Wire) {
                out += "{\"$secret\":";
                writeString(out, v.asText());
                out += '}';
            } else {
                writeString(out, "***");
            }
            break;
        case ValueType::List: {
            out += '[';
            bool first = true;
            for (const auto& item : v.items()) {
                if (!first) out += ',';
                first = false;
                newline(level + 1);
                write(out, item, form, indent, level + 1);
            }
            if (!v.items().empty()) newline(level);
            out += ']';
            break;
        }
        case ValueType::Dictionary: {
            const auto& ms = v.members();
            bool wrap = form == Form::Wire && ms.size() == 1 &&
                        (ms[0].key == "$secret" || ms[0].key == "$object" || ms[0].key == "$dict");
            if (wrap) out += "{\"$dict\":";
            members(ms);
            if (wrap) out += '}';
            break;
        }
        case ValueType::Object:
            if (form == Form::Wire) out += "{\"$object\":";
            members(v.members());
            if (form == Form::Wire) out += '}';
            break;
    }
}

}  // namespace detail

// The text of a wire value that is a JSON string without escapes ("STARTTLS"), else nullopt: the common case,
// read without building a Value.
inline std::optional<std::string_view> simpleString(std::string_view wire) {
    if (wire.size() < 2 || wire.front() != '"' || wire.back() != '"') return std::nullopt;
    const std::string_view inner = wire.substr(1, wire.size() - 2);
    if (detail::plainRun(inner, 0) != inner.size()) return std::nullopt;
    return inner;
}

// The number a wire value of plain digits is ("587", "-1", "0.5"), else nullopt (left to the parser).
inline std::optional<double> simpleNumber(std::string_view wire) {
    if (!wire.empty() && wire.size() <= 15) {  // a whole number (a port, a count, a timeout): its digits, exactly
        uint64_t n = 0;
        size_t i = 0;
        for (; i < wire.size() && wire[i] >= '0' && wire[i] <= '9'; ++i) n = n * 10 + static_cast<uint64_t>(wire[i] - '0');
        if (i == wire.size()) return static_cast<double>(n);
    }
    if (wire.empty() || wire.find_first_not_of("-0123456789.") != std::string_view::npos) return std::nullopt;
    double d = 0;
    auto r = std::from_chars(wire.data(), wire.data() + wire.size(), d);
    if (r.ec != std::errc() || r.ptr != wire.data() + wire.size() || !std::isfinite(d)) return std::nullopt;
    return d;
}

// Parses JSON text. Throws ParseError naming line and column.
inline Value parse(std::string_view text, Form form = Form::Plain) { return detail::Parser(text, form).document(); }

// Appends `s` as a JSON string (quoted and escaped) to `out`: for a record written field by field.
inline void appendString(std::string& out, std::string_view s, Form form) { detail::writeString(out, s, form); }

// Writes JSON text; indent > 0 pretty-prints.
inline std::string write(const Value& v, Form form, int indent = 0) {
    std::string out;
    detail::write(out, v, form, indent, 0);
    return out;
}

}  // namespace mailblock::sdk::json
