// Turning C++ blocks into the C table of abi.h. A plugin writes one function per block (describe, run)
// and one entry function that calls pluginTable(). No exception ever leaves through the C boundary.
#pragma once

#include <exception>
#include <string>
#include <vector>

#include "mailblock/abi.h"
#include "mailblock/sdk/context.hpp"
#include "mailblock/sdk/descriptor_json.hpp"
#include "mailblock/sdk/error.hpp"

namespace mailblock::sdk {

using DescribeFn = BlockDescriptor (*)();
using RunFn = void (*)(Context&);

namespace plugin_detail {

inline void fail(const mb_host_api* host, mb_run_context* ctx, const BlockError& e) {
    host->set_error(ctx, json::write(e.toValue(), json::Form::Wire).c_str());
}

// The C-callable run of one block: catches everything and reports it as the block's error.
template <RunFn Run>
int runTrampoline(const mb_host_api* host, mb_run_context* ctx) noexcept {
    try {
        Context context(host, ctx);
        Run(context);
        return 0;
    } catch (const BlockFailure& f) {
        fail(host, ctx, f.error());
    } catch (const std::exception& e) {
        BlockError err;
        err.kind = "internal";
        err.message = std::string("internal error in the block: ") + e.what();
        fail(host, ctx, err);
    } catch (...) {
        BlockError err;
        err.kind = "internal";
        err.message = "internal error in the block (unknown exception)";
        fail(host, ctx, err);
    }
    return 1;
}

}  // namespace plugin_detail

// One factory entry for block (Describe, Run). The descriptor JSON is built once and kept for the
// lifetime of the library.
template <DescribeFn Describe, RunFn Run>
mb_block_factory blockFactory() {
    static const std::string id = Describe().id;
    static const std::string descriptor = json::write(descriptorToValue(withStandardPorts(Describe())), json::Form::Plain);
    return mb_block_factory{sizeof(mb_block_factory), id.c_str(), descriptor.c_str(), &plugin_detail::runTrampoline<Run>};
}

// Builds the plugin's static table on the first call. Returns nullptr for a host of another ABI major or if
// building the table failed (never throws). `data_json`: plugin-wide data for editors (abi.h), or nullptr.
// `commands`: the plugin's command-line commands (sdk/command.hpp), static, or nullptr.
template <typename MakeBlocks>
const mb_plugin* pluginTable(uint32_t host_abi_major, const char* plugin_id, const char* plugin_version,
                             MakeBlocks make_blocks, void (*shutdown)(void), const char* data_json = nullptr,
                             const std::vector<mb_command>* commands = nullptr) noexcept {
    if (host_abi_major != MAILBLOCK_ABI_MAJOR) return nullptr;
    try {
        static const std::vector<mb_block_factory> blocks = make_blocks();
        static const mb_plugin table{MAILBLOCK_ABI_MAJOR, MAILBLOCK_ABI_MINOR, sizeof(mb_plugin), plugin_id,
                                     plugin_version, static_cast<uint32_t>(blocks.size()), blocks.data(), shutdown,
                                     data_json, commands ? static_cast<uint32_t>(commands->size()) : 0u,
                                     commands ? commands->data() : nullptr};
        return &table;
    } catch (...) {
        return nullptr;
    }
}

}  // namespace mailblock::sdk
