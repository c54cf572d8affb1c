// Diagram files: JSON text -> parsed, validated diagram (sdk/host/diagram.hpp) against the real block
// descriptors. A file is either a valid diagram or InvalidDiagram with its problems; any other exception, a
// crash, or a "valid" diagram that breaks what validation promises is a finding.
// (A finding of this target, fixed: an error_level "Handle " escaped as std::invalid_argument;
// corpus/diagram/error_level_with_space.)
#include <cstdint>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>

#include "diagram.hpp"
#include "diagram_graph.hpp"
#include "fuzz_support.hpp"

using namespace mailblock::host;
using mailblock::fuzz::printable;
using mailblock::sdk::ValueType;

namespace {

const Registry& registry() {
    static Registry r = [] {
        // The example diagram reads its password from SMTP_PASSWORD; with it set, seeds reach the graph checks.
        setenv("SMTP_PASSWORD", "fuzz", 0);
        Registry loaded;
        loaded.load(MAILBLOCK_FUZZ_DESCRIPTOR_PLUGIN);
        return loaded;
    }();
    return r;
}

void checkValid(const Diagram& d, const std::string& text) {
    std::string where = "valid diagram: " + printable(text);
    FUZZ_CHECK(d.blocks.empty() || d.blocks.count(d.first), where);
    FUZZ_CHECK(d.language == "ru" || d.language == "en", where);
    for (const auto& [id, b] : d.blocks) {
        FUZZ_CHECK(b.id == id && b.block != nullptr, where);
        FUZZ_CHECK(b.next.empty() || d.blocks.count(b.next), where);
        FUZZ_CHECK(b.on_error.empty() || d.blocks.count(b.on_error), where);
        for (const auto& [port_id, src] : b.inputs) {
            const mailblock::sdk::Port* port = b.block->descriptor.input(port_id);
            FUZZ_CHECK(port != nullptr, where + " port " + port_id);
            switch (src.kind) {
                case InputSource::Kind::Literal:
                    // A secret is never written into a diagram: at most an empty text, held as a secret.
                    if (port->secret) FUZZ_CHECK(src.literal.isNull() || src.literal.type() == ValueType::Secret, where);
                    break;
                case InputSource::Kind::Variable:
                    FUZZ_CHECK(!port->secret && d.variables.count(src.name), where);
                    break;
                case InputSource::Kind::Environment:
                    FUZZ_CHECK(std::getenv(src.name.c_str()) != nullptr, where);
                    break;
                case InputSource::Kind::Link:
                    FUZZ_CHECK(d.blocks.count(src.block) && d.block(src.block).block->descriptor.output(src.port), where);
                    break;
            }
        }
    }
    // Validation is a pure function of the diagram: checking the loaded result again finds nothing new.
    FUZZ_CHECK(checkGraph(d).empty(), where);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const Registry& blocks = registry();
    std::string text(reinterpret_cast<const char*>(data), size);
    // One --var override, as `rpa run --var to=...` gives: it may declare a variable or replace one.
    static const std::map<std::string, std::string> overrides = {{"to", "Иван Петров <ivan@example.org>"}};
    try {
        checkValid(loadDiagram(text, blocks, overrides), text);
    } catch (const InvalidDiagram& e) {
        FUZZ_CHECK(!e.problems.empty(), "InvalidDiagram without problems: " + printable(text));
    }
    return 0;
}
