// A MIME part tree (RFC 2045/2046): a single part (an encoded body in memory or a file streamed as base64) or a
// multipart with children. The message is the root part, its header lines first. The writer streams a tree and
// knows no message feature: a new kind of part (an inline image, a calendar) is a new tree, not a new writer.
// Plain data; the functions are pure apart from reading the files the tree names. Any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace mailblock::message {

struct Part {
    std::string headers;  // complete header lines, each folded and ending in CRLF (not the empty line after them)
    // A multipart: its subtype ("mixed", "alternative", "related", with any parameters before the boundary) and
    // children; the Content-Type line is written from these. Empty: a single part.
    std::string multipart;
    std::string boundary;
    std::string preamble;  // text before the first delimiter, CRLF-terminated (shown by readers without MIME)
    std::vector<Part> children;
    // A single part: `body` is written as is (already encoded, CRLF lines), or `file` is streamed as base64 lines.
    std::string body;
    std::string file;
};

// Writes the tree. Throws std::runtime_error naming a file that cannot be read. `progress` (optional) is told
// the file bytes read so far.
void writePart(const Part& part, std::ostream& out, const std::function<void(uint64_t)>& progress = nullptr);

// The exact size writePart produces, from the files' sizes without reading them.
uint64_t partSize(const Part& part);

}  // namespace mailblock::message
