// What `rpa` prints: block outcomes for people, the --json result for programs, descriptions, the manifest.
#pragma once

#include <iosfwd>
#include <string>

#include "plugin_loader.hpp"
#include "runner.hpp"

namespace mailblock::host {

// One line per block plus its outputs, shortened; secrets masked.
void printOutcomes(std::ostream& out, const RunResult& r, const SecretMask& mask);
// The machine-readable result: every block's outputs (secrets masked), error fields, status.
std::string resultJson(const RunResult& r, const SecretMask& mask);
// A block's ports as a person reads them, in the given language.
void printDescription(std::ostream& out, const sdk::BlockDescriptor& d, const std::string& lang);
// A block's descriptor as the manifest shows it (`rpa describe --json`), with a final newline.
std::string descriptionJson(const sdk::BlockDescriptor& d);
// The plugins and their block descriptors (the manifest's "plugins"; `rpa serve` describes with it too).
sdk::Value pluginsValue(const Registry& registry);
// The host's ABI version, "major.minor".
std::string abiText();
// The manifest: plugins and their block descriptors, as an editor needs them.
std::string manifestJson(const Registry& registry);

}  // namespace mailblock::host
