// The plain-text twin of an HTML body, for clients that show only text/plain.
#pragma once

#include <string>

namespace mailblock::message {

// Drops scripts and styles, turns block ends and <br> into line breaks, <li> into "- ", links into
// "text (url)", decodes entities, and collapses runs of spaces.
std::string htmlToText(const std::string& html);

}  // namespace mailblock::message
