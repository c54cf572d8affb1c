// Header fields as RFC 5322 wants them: UTF-8 text as RFC 2047 encoded words split on character boundaries,
// display names quoted or encoded, lines folded at 78 characters. CR, LF and NUL in any input are refused.
#pragma once

#include <string>
#include <vector>

#include "send_email/message/message_spec.hpp"

namespace mailblock::message {

constexpr size_t kFoldAt = 78;

// Builds one header field token by token, folding between tokens so no line passes 78 characters.
class HeaderField {
public:
    explicit HeaderField(const std::string& name);
    // A token that must stay whole (an address, a quoted name, a plain word).
    void token(const std::string& t);
    // UTF-8 text as a run of "=?UTF-8?B?...?=" words, each filling what room the line has and ending after a
    // space where one is in reach (the space inside the word: RFC 2047 readers drop the white space between
    // encoded words), so a long name is never cut inside a word unless one word is longer than a line.
    void encoded(const std::string& utf8);
    // The field with its final CRLF.
    std::string str() const { return out_ + "\r\n"; }

private:
    void fold();
    std::string out_;
    size_t line_ = 0;
};

// Unstructured text (Subject): plain words when it is short printable ASCII, encoded words otherwise.
std::string unstructuredField(const std::string& name, const std::string& value);
// An address list field (From, To, Cc, Reply-To): "Name <a@b>, ..." with names quoted or encoded.
std::string addressField(const std::string& name, const std::vector<Mailbox>& list);

// UTF-8 text as encoded words of at most `max_word` characters each, split on character boundaries.
std::vector<std::string> encodedWords(const std::string& utf8, size_t max_word);

// Throws std::invalid_argument naming `what` when text holds CR, LF or NUL.
void requireSingleLine(const std::string& text, const std::string& what);
bool isPrintableAscii(const std::string& s);
// The byte length of the longest prefix of `utf8` that ends on a character boundary and is <= max bytes.
size_t utf8Prefix(const std::string& utf8, size_t from, size_t max);

}  // namespace mailblock::message
