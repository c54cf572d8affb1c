#include "suggest_blocks.hpp"

namespace mailblock::host {

namespace {

sdk::Suggestable suggestable(const std::string& id, const sdk::Localized& title, const std::string& lang) {
    return {id, title.in(lang), {lang == "en" ? title.ru : title.en}};
}

}  // namespace

std::vector<sdk::Suggestable> blockSuggestables(const Registry& registry, const std::string& lang) {
    std::vector<sdk::Suggestable> out;
    for (const LoadedBlock* b : registry.all()) out.push_back(suggestable(b->descriptor.id, b->descriptor.title, lang));
    return out;
}

std::vector<sdk::Suggestable> portSuggestables(const sdk::BlockDescriptor& block, const std::string& lang) {
    std::vector<sdk::Suggestable> out;
    for (const auto& p : block.inputs) out.push_back(suggestable(p.id, p.title, lang));
    return out;
}

}  // namespace mailblock::host
