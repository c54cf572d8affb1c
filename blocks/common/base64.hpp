// Base64 on one line (never wrapped), as SASL payloads and OAuth's base64url values need it.
#pragma once

#include <string>

namespace mailblock::common {

enum class Base64Form { Standard, UrlNoPadding };  // RFC 4648 4, and 5 without '=' padding (RFC 7636, JWT)

std::string base64(const std::string& raw, Base64Form form = Base64Form::Standard);
// "" when `text` is not base64 in that form: what a server or a token sent is never trusted to be.
std::string unbase64(const std::string& text, Base64Form form = Base64Form::Standard);

}  // namespace mailblock::common
