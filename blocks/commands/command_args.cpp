#include "commands/command_args.hpp"

#include <stdexcept>

namespace mailblock::commands {

CommandArgs parseCommandArgs(const std::vector<std::string>& args) {
    CommandArgs a;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& s = args[i];
        if (s.rfind("--", 0) != 0) {
            a.positional.push_back(s);
            continue;
        }
        if (s == "--json") {
            a.json = true;
            continue;
        }
        if (i + 1 >= args.size()) throw std::invalid_argument(s + " needs a value");
        const std::string& value = args[++i];
        if (s == "--lang") {
            if (value != "ru" && value != "en") throw std::invalid_argument("--lang takes ru or en");
            a.lang = value;
        } else {
            a.options[s.substr(2)] = value;
        }
    }
    return a;
}

}  // namespace mailblock::commands
