// Images in an HTML body: the <img> sources, and local files (a path or file:// URL) turned into cid: references
// with the inline parts that carry them (multipart/related, RFC 2387). Pure apart from nothing: files are only
// named here, read by the writer.
#pragma once

#include <string>
#include <vector>

#include "send_email/message/message_spec.hpp"

namespace mailblock::message {

// The value of attribute `name` in a tag's text (what is between "<" and ">"), "" when absent. Quoted with " or '
// or bare; the name matched without regard to case.
std::string attributeValue(const std::string& tag, const std::string& name);

// The src of every <img> in `html`, in order.
std::vector<std::string> imageSources(const std::string& html);

// Replaces each <img src> that names a local file ("/data/chart.png", "file:///data/chart.png") with
// "cid:img<N>.<message_id>" (the same file once) and returns the images to embed. Other sources stay.
std::vector<InlineImage> embedLocalImages(std::string& html, const std::string& message_id);

}  // namespace mailblock::message
