// Message templates: "{{name}}" placeholders (spaces inside the braces allowed) filled from given values. A
// placeholder without a value is an error naming it, never a blank; in an HTML template values are HTML-escaped.
// Pure functions, any thread.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace mailblock::message {

struct FilledTemplate {
    std::string text;
    std::vector<std::string> missing;  // names without a value, each once, in order of first use
    bool unclosed = false;             // a "{{" without its "}}"
};

FilledTemplate fillTemplate(const std::string& text, const std::map<std::string, std::string>& values, bool html);

}  // namespace mailblock::message
