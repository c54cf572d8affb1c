#include "commands/secret_input.hpp"

#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace mailblock::commands {

std::string secretFromEnvironment(const std::string& option, const std::string& var) {
    const char* value = std::getenv(var.c_str());
    if (!value || !*value) throw std::invalid_argument(option + " " + var + ": the variable is not set");
    return value;
}

std::optional<std::string> secretFromTerminal(const std::string& prompt, std::ostream& out) {
    if (::isatty(STDIN_FILENO) == 0) return std::nullopt;
    termios old{};
    if (::tcgetattr(STDIN_FILENO, &old) != 0) return std::nullopt;
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    // Echo goes off before the prompt shows, and without flushing: a password typed (or pasted) as soon as the
    // prompt appears is neither echoed nor thrown away.
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    out << prompt << std::flush;
    std::string line;
    char c = 0;
    while (::read(STDIN_FILENO, &c, 1) == 1 && c != '\n') line += c;
    ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
    out << "\n";
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

}  // namespace mailblock::commands
