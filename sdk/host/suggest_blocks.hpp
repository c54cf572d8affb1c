// What a mistyped block type or port id may have meant: the registry's blocks and a block's input ports as
// "did you mean" candidates (sdk/suggest.hpp), with their titles in the diagram's language shown and both
// languages' titles matched.
#pragma once

#include <string>
#include <vector>

#include "mailblock/sdk/descriptor.hpp"
#include "mailblock/sdk/suggest.hpp"
#include "plugin_loader.hpp"

namespace mailblock::host {

std::vector<sdk::Suggestable> blockSuggestables(const Registry& registry, const std::string& lang);
std::vector<sdk::Suggestable> portSuggestables(const sdk::BlockDescriptor& block, const std::string& lang);

// The English or the Russian text, by the diagram's language.
inline const char* say(const std::string& lang, const char* en, const char* ru) { return lang == "en" ? en : ru; }

}  // namespace mailblock::host
