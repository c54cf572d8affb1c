#include "diagram_graph.hpp"

#include <fmt/format.h>

#include <functional>
#include <set>

namespace mailblock::host {

using sdk::PortType;

namespace {

std::vector<std::string> successors(const DiagramBlock& b) {
    std::vector<std::string> s;
    if (!b.next.empty()) s.push_back(b.next);
    if (!b.on_error.empty()) s.push_back(b.on_error);
    return s;
}

bool scalar(PortType t) {
    return t == PortType::Text || t == PortType::Number || t == PortType::Boolean || t == PortType::Enum ||
           t == PortType::SecureString;
}

}  // namespace

bool linkCompatible(const sdk::Port& out, const sdk::Port& in) {
    for (PortType o : out.types) {
        if (in.accepts(o)) return true;
        if (scalar(o) && scalar(in.types.front())) return true;
        if (o == PortType::Text && (in.accepts(PortType::List) || in.accepts(PortType::Dictionary))) return true;
    }
    return false;
}

std::vector<std::string> checkGraph(const Diagram& d) {
    std::vector<std::string> problems;
    auto exists = [&](const std::string& id) { return d.blocks.count(id) > 0; };

    if (d.first.empty() && !d.blocks.empty()) problems.push_back("start: \"next\" must name the first block");
    if (!d.first.empty() && !exists(d.first)) problems.push_back("start: \"next\" names unknown block \"" + d.first + "\"");
    for (const auto& [id, b] : d.blocks) {
        if (!b.next.empty() && !exists(b.next)) problems.push_back("block \"" + id + "\": \"next\" names unknown block \"" + b.next + "\"");
        if (!b.on_error.empty() && !exists(b.on_error))
            problems.push_back("block \"" + id + "\": \"on_error\" names unknown block \"" + b.on_error + "\"");
        // Only a block's own Handle must have its path; one inherited from Start stops the diagram at
        // runtime when the block has no error path (an unhandled error).
        if (b.error_level == sdk::ErrorLevel::Handle && b.on_error.empty())
            problems.push_back("block \"" + id + "\": error level Handle needs an error path (\"on_error\")");
    }
    if (!problems.empty()) return problems;

    // Cycles: depth-first search with colours over next/on_error.
    std::map<std::string, int> colour;  // 0 new, 1 on stack, 2 done
    std::function<bool(const std::string&)> cyclic = [&](const std::string& id) {
        colour[id] = 1;
        for (const auto& s : successors(d.block(id))) {
            if (colour[s] == 1) {
                problems.push_back(fmt::format("block \"{}\" leads back to block \"{}\": diagrams may not loop", id, s));
                return true;
            }
            if (colour[s] == 0 && cyclic(s)) return true;
        }
        colour[id] = 2;
        return false;
    };
    for (const auto& [id, b] : d.blocks)
        if (colour[id] == 0 && cyclic(id)) return problems;

    // Ancestors of each block along the paths from Start (a link may read only from those), propagated in
    // topological order so that diamonds cost linear time, not one walk per path.
    std::vector<std::string> order;
    std::set<std::string> seen;
    std::function<void(const std::string&)> post = [&](const std::string& id) {
        if (!seen.insert(id).second) return;
        for (const auto& s : successors(d.block(id))) post(s);
        order.push_back(id);
    };
    std::map<std::string, std::set<std::string>> ancestors;
    if (!d.first.empty()) {
        post(d.first);
        ancestors[d.first];
    }
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        for (const auto& s : successors(d.block(*it))) {
            auto& into = ancestors[s];
            into.insert(ancestors[*it].begin(), ancestors[*it].end());
            into.insert(*it);
        }
    }

    for (const auto& [id, b] : d.blocks) {
        if (!ancestors.count(id)) problems.push_back("block \"" + id + "\" cannot be reached from Start");
        for (const auto& [port_id, src] : b.inputs) {
            if (src.kind != InputSource::Kind::Link) continue;
            std::string where = fmt::format("block \"{}\", port \"{}\": link to {}", id, port_id, src.name);
            if (!exists(src.block)) {
                problems.push_back(where + ": no such block (dangling link)");
                continue;
            }
            const sdk::Port* out = d.block(src.block).block->descriptor.output(src.port);
            if (!out) {
                problems.push_back(where + ": block \"" + src.block + "\" has no output \"" + src.port + "\"");
                continue;
            }
            if (!ancestors[id].count(src.block))
                problems.push_back(where + ": block \"" + src.block + "\" does not run before this one");
            if (!linkCompatible(*out, *b.block->descriptor.input(port_id)))
                problems.push_back(where + ": wrong type (" + sdk::portTypeName(out->types.front()) + " into " +
                                   sdk::portTypeName(b.block->descriptor.input(port_id)->types.front()) + ")");
        }
    }
    return problems;
}

}  // namespace mailblock::host
