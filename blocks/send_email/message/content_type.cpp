#include "send_email/message/content_type.hpp"

#include <algorithm>
#include <utility>

namespace mailblock::message {

std::string contentTypeFor(const std::string& file_name) {
    static const std::pair<const char*, const char*> types[] = {
        {"pdf", "application/pdf"}, {"txt", "text/plain"}, {"csv", "text/csv"}, {"htm", "text/html"},
        {"html", "text/html"}, {"xml", "application/xml"}, {"json", "application/json"}, {"zip", "application/zip"},
        {"gz", "application/gzip"}, {"7z", "application/x-7z-compressed"}, {"rar", "application/vnd.rar"},
        {"png", "image/png"}, {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"}, {"gif", "image/gif"},
        {"svg", "image/svg+xml"}, {"webp", "image/webp"}, {"bmp", "image/bmp"}, {"tif", "image/tiff"},
        {"tiff", "image/tiff"}, {"doc", "application/msword"},
        {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {"xls", "application/vnd.ms-excel"},
        {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {"ppt", "application/vnd.ms-powerpoint"},
        {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
        {"odt", "application/vnd.oasis.opendocument.text"}, {"ods", "application/vnd.oasis.opendocument.spreadsheet"},
        {"rtf", "application/rtf"}, {"mp3", "audio/mpeg"}, {"wav", "audio/wav"}, {"mp4", "video/mp4"},
        {"ics", "text/calendar"}, {"p7s", "application/pkcs7-signature"}, {"sig", "application/pgp-signature"},
        // A .eml is sent as bytes, not message/rfc822: RFC 2046 forbids base64 for message/rfc822.
        {"eml", "application/octet-stream"},
    };
    size_t dot = file_name.rfind('.');
    if (dot == std::string::npos) return "application/octet-stream";
    std::string ext = file_name.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const auto& [e, type] : types)
        if (ext == e) return type;
    return "application/octet-stream";
}

}  // namespace mailblock::message
