// Human texts come in Russian and English; the run's language picks one.
#pragma once

#include <string>

namespace mailblock::common {

inline std::string tr(const std::string& lang, const std::string& ru, const std::string& en) { return lang == "en" ? en : ru; }

}  // namespace mailblock::common
