#include "plugin_commands.hpp"

#include <ostream>

#include "diagram.hpp"

// Declared opaque in abi.h; only the host sees inside.
struct mb_command_io {
    const mailblock::host::DiagramRunner* run_diagram;
    std::ostream* out;
    std::ostream* err;
};

namespace mailblock::host {

namespace {

void write(mb_command_io* io, int stream, const char* text) {
    std::ostream& to = stream == 2 ? *io->err : *io->out;
    to << (text ? text : "") << std::flush;
}

// No exception may go back into the plugin: every failure becomes the status `rpa run` would exit with.
int runDiagram(mb_command_io* io, const char* diagram_json, int json_output) {
    try {
        return (*io->run_diagram)(diagram_json ? diagram_json : "", json_output != 0);
    } catch (const InvalidDiagram& e) {
        *io->err << "rpa: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        *io->err << "rpa: " << e.what() << "\n";
        return 3;
    }
}

const mb_command_host kCommandHost{sizeof(mb_command_host), &write, &runDiagram};

}  // namespace

int runPluginCommand(const mb_command& command, const std::vector<std::string>& args, const DiagramRunner& run_diagram,
                     std::ostream& out, std::ostream& err) {
    mb_command_io io{&run_diagram, &out, &err};
    std::vector<const char*> argv;
    argv.reserve(args.size());
    for (const auto& a : args) argv.push_back(a.c_str());
    int status = command.run(&kCommandHost, &io, static_cast<uint32_t>(argv.size()), argv.data());
    out.flush();
    return status;
}

std::string pluginCommandsUsage(const Registry& registry) {
    std::string usage;
    for (const auto& p : registry.plugins())
        for (const mb_command* c : p->commands())
            usage += std::string("       ") + (c->usage ? c->usage : std::string("rpa ") + c->name + " ...\n");
    return usage;
}

}  // namespace mailblock::host
