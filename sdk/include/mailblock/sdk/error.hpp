// A block's failure as a value: what became of the message, what kind, where, the server's own words, and what
// the user should do.
#pragma once

#include <stdexcept>
#include <string>

#include "mailblock/sdk/json.hpp"

namespace mailblock::sdk {

struct BlockError {
    std::string kind;         // machine-readable, e.g. "invalid_input", "authentication", "timeout"
    std::string message;      // human, in the run's language
    std::string hint;         // what to do about it; may be empty
    std::string stage;        // e.g. "connect", "tls", "auth", "rcpt", "data"; may be empty
    int code = 0;             // SMTP/IMAP reply code when there is one
    std::string enhanced;     // enhanced status code, e.g. "5.7.8"
    std::string server_text;  // the server's own reply text
    // What became of the block's work, for a program to act on ("not_sent", "partial", "unknown", ...; the block
    // names its values); `message` already says it in words, first. Empty when it does not apply.
    std::string fate;

    // What the user reads in the error_text output: message, then the hint.
    std::string text() const { return hint.empty() ? message : message + "\n" + hint; }

    Value toValue() const {
        Value v = Value::dictionary();
        v.set("kind", Value::text(kind));
        if (!fate.empty()) v.set("fate", Value::text(fate));
        v.set("message", Value::text(message));
        if (!hint.empty()) v.set("hint", Value::text(hint));
        if (!stage.empty()) v.set("stage", Value::text(stage));
        if (code) v.set("code", Value::number(code));
        if (!enhanced.empty()) v.set("enhanced", Value::text(enhanced));
        if (!server_text.empty()) v.set("server_text", Value::text(server_text));
        return v;
    }

    static BlockError fromValue(const Value& v) {
        BlockError e;
        auto text = [&](const char* key) {
            const Value* f = v.find(key);
            return f && f->type() == ValueType::Text ? f->asText() : std::string();
        };
        e.kind = text("kind");
        e.fate = text("fate");
        e.message = text("message");
        e.hint = text("hint");
        e.stage = text("stage");
        e.enhanced = text("enhanced");
        e.server_text = text("server_text");
        if (const Value* c = v.find("code"); c && c->type() == ValueType::Number) e.code = static_cast<int>(c->asNumber());
        return e;
    }
};

// Thrown inside a block's run to fail it with a prepared error; the SDK turns it into set_error().
class BlockFailure : public std::runtime_error {
public:
    explicit BlockFailure(BlockError e) : std::runtime_error(e.message), error_(std::move(e)) {}
    const BlockError& error() const { return error_; }

private:
    BlockError error_;
};

}  // namespace mailblock::sdk
