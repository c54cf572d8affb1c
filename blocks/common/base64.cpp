#include "common/base64.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>

#include <sstream>

namespace mailblock::common {

namespace {

int options(Base64Form form) {
    return form == Base64Form::UrlNoPadding ? Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING : 0;
}

}  // namespace

std::string base64(const std::string& raw, Base64Form form) {
    std::ostringstream out;
    Poco::Base64Encoder enc(out, options(form));
    enc.rdbuf()->setLineLength(0);
    enc << raw;
    enc.close();
    return out.str();
}

std::string unbase64(const std::string& text, Base64Form form) {
    std::istringstream in(text);
    Poco::Base64Decoder dec(in, options(form));
    std::string out;
    try {
        char c;
        while (dec.get(c)) out += c;
    } catch (const Poco::Exception&) {
        return {};
    }
    return out;
}

}  // namespace mailblock::common
