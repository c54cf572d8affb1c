// Reads the message features of Send email (priority, read receipt, replies, extra headers, List-Unsubscribe,
// Sender, bounce address) into the request. Part of readRequest: problems go to `problem`, naming the port.
#pragma once

#include <functional>
#include <string>

#include "mailblock/sdk/context.hpp"
#include "send_email/request.hpp"

namespace mailblock::send_email {

// A Dictionary, or an Object another block put out (a Sent message).
inline bool isMap(const sdk::Value& v) {
    return v.type() == sdk::ValueType::Dictionary || v.type() == sdk::ValueType::Object;
}

using Problem = std::function<void(const char* port, const std::string& what)>;

void readMessageFeatures(const sdk::Context& ctx, SendRequest& r, const Problem& problem);

// «Шаблон» and «Значения для шаблона» (request_template.cpp): the body from the template file, its and the
// subject's {{name}} places filled; HTML when the file is .html/.htm.
void readTemplate(const sdk::Context& ctx, SendRequest& r, const Problem& problem);

// «Встроенные изображения» and local images in the HTML (request_images.cpp): the images to embed; an unused
// one or a cid: without an image is a warning.
void readInlineImages(const sdk::Context& ctx, SendRequest& r, const Problem& problem);

}  // namespace mailblock::send_email
