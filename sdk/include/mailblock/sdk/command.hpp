// Commands a plugin offers on the host's command line (abi.h mb_command): a plugin writes one C++ function per
// command and lists command<Fn>(name, usage) entries in its table. No exception leaves through the C boundary.
#pragma once

#include <cstdint>
#include <exception>
#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

#include "mailblock/abi.h"
#include "mailblock/sdk/json.hpp"

namespace mailblock::sdk {

// The host as a command sees it: two output streams and a way to run a diagram. Valid during the command only.
class CommandHost {
public:
    CommandHost(const mb_command_host* api, mb_command_io* io)
        : api_(api), io_(io), out_buf_(*this, 1), err_buf_(*this, 2) {}
    CommandHost(const CommandHost&) = delete;
    CommandHost& operator=(const CommandHost&) = delete;
    ~CommandHost() {
        out.flush();
        err.flush();
    }

    // The host's standard output and error output; written through line by line (a person waiting on a prompt
    // sees it at once).
    std::ostream out{&out_buf_};
    std::ostream err{&err_buf_};

    // Runs `diagram` (the diagram file format) and reports it as `rpa run` does; returns rpa run's exit status.
    int runDiagram(const Value& diagram, bool json_output) {
        out.flush();
        err.flush();
        return api_->run_diagram(io_, json::write(diagram, json::Form::Plain).c_str(), json_output ? 1 : 0);
    }

private:
    // Collects text and hands each complete line (and the rest at a flush) to the host.
    class LineBuffer : public std::streambuf {
    public:
        LineBuffer(CommandHost& host, int stream) : host_(host), stream_(stream) {}

    protected:
        int_type overflow(int_type c) override {
            if (c == traits_type::eof()) return traits_type::not_eof(c);
            pending_ += static_cast<char>(c);
            if (c == '\n') sync();
            return c;
        }
        int sync() override {
            if (!pending_.empty()) host_.api_->write(host_.io_, stream_, pending_.c_str());
            pending_.clear();
            return 0;
        }

    private:
        CommandHost& host_;
        int stream_;
        std::string pending_;
    };

    const mb_command_host* api_;
    mb_command_io* io_;
    LineBuffer out_buf_, err_buf_;
};

// A command: the words after its name; returns the exit status (0 done, 1 failed, 3 usage).
using CommandFn = int (*)(CommandHost&, const std::vector<std::string>&);

namespace command_detail {

template <CommandFn Fn>
int trampoline(const mb_command_host* api, mb_command_io* io, uint32_t argc, const char* const* argv) noexcept {
    try {
        CommandHost host(api, io);
        try {
            return Fn(host, std::vector<std::string>(argv, argv + argc));
        } catch (const std::exception& e) {
            host.err << "rpa: " << e.what() << "\n";
        }
    } catch (...) {
    }
    return 1;
}

}  // namespace command_detail

// One command entry for a plugin's table (static data: `name` and `usage` must outlive the library's use).
template <CommandFn Fn>
mb_command command(const char* name, const char* usage) {
    return mb_command{sizeof(mb_command), name, usage, &command_detail::trampoline<Fn>};
}

}  // namespace mailblock::sdk
