// The groups mail blocks sort their input ports into (an editor's sections, the help page's tables): one
// definition, so both blocks show the same titles.
#pragma once

#include "mailblock/sdk/descriptor.hpp"

namespace mailblock::common::group {

inline const sdk::PortGroup kConnection{"connection", {"Подключение", "Connection"}};
inline const sdk::PortGroup kMessage{"message", {"Письмо", "Message"}};
inline const sdk::PortGroup kSecurity{"security", {"Безопасность", "Security"}};
inline const sdk::PortGroup kReliability{"reliability", {"Надёжность", "Reliability"}};
inline const sdk::PortGroup kLog{"log", {"Журнал", "Log"}};
inline const sdk::PortGroup kFolder{"folder", {"Папка", "Folder"}};

}  // namespace mailblock::common::group
