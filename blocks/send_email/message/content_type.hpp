// The MIME type of an attachment, guessed from its file name's extension.
#pragma once

#include <string>

namespace mailblock::message {

// "Отчёт.PDF" -> "application/pdf"; unknown -> "application/octet-stream".
std::string contentTypeFor(const std::string& file_name);

}  // namespace mailblock::message
