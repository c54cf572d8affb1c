// Checks of a diagram's shape: paths from Start, no cycles, links that point backwards to real outputs.
#pragma once

#include <string>
#include <vector>

#include "diagram.hpp"

namespace mailblock::host {

// Every problem found, each naming the block (and port); empty when the diagram is sound.
std::vector<std::string> checkGraph(const Diagram& d);

// Whether an output of `out` types can feed an input port (exactly, or by a conversion that may work).
bool linkCompatible(const sdk::Port& out, const sdk::Port& in);

}  // namespace mailblock::host
