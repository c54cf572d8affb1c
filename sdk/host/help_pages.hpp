// Help pages generated from block descriptors, in the shape of the reference block's page: what the block
// does, its input and output ports (title, type, required, default, description), the levels and its notes.
// Generated, so they can never disagree with the code; `rpa docs` writes them.
#pragma once

#include <string>

#include "mailblock/sdk/descriptor.hpp"

namespace mailblock::host {

enum class PageFormat { Markdown, Html };

std::string helpPage(const sdk::BlockDescriptor& d, const std::string& lang, PageFormat format);
// "mail.send.ru.md", "mail.send.en.html".
std::string helpFileName(const std::string& block_id, const std::string& lang, PageFormat format);

}  // namespace mailblock::host
