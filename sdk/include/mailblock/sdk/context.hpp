// What a running block sees of the world: its inputs, its outputs, a filtered logger, its levels and a
// cancellation signal. A thin C++ view over mb_host_api; valid only inside run().
//
// The host may be older than this SDK (abi.h, "Versions"): every member added after 1.0 is called only when
// the host's table holds it, and otherwise the call falls back to what an older host means (documented on each).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "mailblock/abi.h"
#include "mailblock/sdk/json.hpp"

namespace mailblock::sdk {

enum class ErrorLevel { Stop = MB_ERRORS_STOP, Ignore = MB_ERRORS_IGNORE, Handle = MB_ERRORS_HANDLE };
enum class MessageLevel { Release = MB_MESSAGES_RELEASE, Debug = MB_MESSAGES_DEBUG, Detailed = MB_MESSAGES_DETAILED };

struct AbiVersion {
    uint32_t major = 0;
    uint32_t minor = 0;
};

class Context {
public:
    Context(const mb_host_api* api, mb_run_context* ctx) : api_(api), ctx_(ctx) {}

    // The value of an input port (already converted by the host to one of the port's types), Null if unset; a
    // value supply() gave stands in for it.
    Value input(const char* port) const {
        if (auto it = supplied_.find(port); it != supplied_.end()) return it->second;
        std::string_view given;
        switch (inputText(port, given)) {
            case 0: return Value();
            case 1: return Value::text(std::string(given));
            default: break;
        }
        const char* wire = api_->input(ctx_, port);
        return wire ? json::parse(wire, json::Form::Wire) : Value();
    }
    // Text of a Text/SecureString port; empty when unset.
    std::string text(const char* port) const {
        if (supplied_.empty()) {  // the common case, read without building a Value
            std::string_view given;
            switch (inputText(port, given)) {
                case 0: return {};
                case 1: return std::string(given);
                default: break;
            }
            const char* wire = api_->input(ctx_, port);
            if (!wire) return {};
            if (auto plain = json::simpleString(wire)) return std::string(*plain);
        }
        Value v = input(port);
        return v.isNull() ? std::string() : v.asText();
    }
    std::optional<double> number(const char* port) const {
        if (supplied_.empty()) {  // the common case, read without building a Value
            const char* wire = api_->input(ctx_, port);
            if (!wire) return std::nullopt;
            if (auto n = json::simpleNumber(wire)) return n;
        }
        Value v = input(port);
        if (v.isNull()) return std::nullopt;
        return v.asNumber();
    }
    bool boolean(const char* port, bool fallback) const {
        if (supplied_.empty()) {  // the common case, read without building a Value
            const char* wire = api_->input(ctx_, port);
            if (!wire) return fallback;
            if (std::string_view(wire) == "true") return true;
            if (std::string_view(wire) == "false") return false;
        }
        Value v = input(port);
        return v.isNull() ? fallback : v.asBool();
    }

    // Makes input(port) return `v` from now on, for the rest of this run: a setting from elsewhere that the block
    // takes as if the diagram had given it (a named connection's server where the diagram left Server empty). The
    // block decides what it may fill; the host's own value stays untouched.
    void supply(const std::string& port, Value v) { supplied_[port] = std::move(v); }

    void output(const char* port, const Value& v) const {
        api_->set_output(ctx_, port, json::write(v, json::Form::Wire).c_str());
    }

    MessageLevel messageLevel() const { return static_cast<MessageLevel>(api_->message_level(ctx_)); }
    ErrorLevel errorLevel() const { return static_cast<ErrorLevel>(api_->error_level(ctx_)); }
    bool debugEnabled() const { return messageLevel() >= MessageLevel::Debug; }
    bool detailedEnabled() const { return messageLevel() >= MessageLevel::Detailed; }

    // Main facts (shown at Debug and Detailed).
    void debug(const std::string& line) const { api_->log(ctx_, MB_LOG_DEBUG, line.c_str()); }
    // Protocol dialog and fine detail (shown at Detailed only). Callers redact credentials first.
    void detailed(const std::string& line) const { api_->log(ctx_, MB_LOG_DETAILED, line.c_str()); }
    // Something the user should know even though the block goes on (shown at Debug and Detailed).
    void warning(const std::string& line) const { api_->log(ctx_, MB_LOG_WARNING, line.c_str()); }

    bool cancelled() const { return api_->cancelled(ctx_) != 0; }
    std::string language() const { return api_->language(ctx_); }

    // The host's ABI version: as it says (1.2+), else what the length of its table shows (1.1 or 1.0).
    AbiVersion hostAbi() const {
        if (MAILBLOCK_HAS(api_, mb_host_api, host_abi_minor)) return {api_->host_abi_major, api_->host_abi_minor};
        return {1, MAILBLOCK_HAS(api_, mb_host_api, output_linked) ? 1u : 0u};
    }
    // The block's id in its diagram; empty from a host without block_id.
    std::string blockId() const {
        const char* id = MAILBLOCK_HAS(api_, mb_host_api, block_id) && api_->block_id ? api_->block_id(ctx_) : nullptr;
        return id ? id : "";
    }
    // Whether a later block reads the output; true from a host that cannot tell (keeping an output is safe).
    bool outputLinked(const char* port) const {
        return !(MAILBLOCK_HAS(api_, mb_host_api, output_linked) && api_->output_linked) || api_->output_linked(ctx_, port) != 0;
    }
    // Whether anything reads the output: a later block or the host's report of the run; true from a host older than
    // 1.5, which cannot tell. A block may skip making an output nothing reads.
    bool outputWanted(const char* port) const {
        return !(MAILBLOCK_HAS(api_, mb_host_api, output_wanted) && api_->output_wanted) || api_->output_wanted(ctx_, port) != 0;
    }
    // Nothing happens on a host without progress.
    void progress(uint64_t done, uint64_t total) const {
        if (MAILBLOCK_HAS(api_, mb_host_api, progress) && api_->progress) api_->progress(ctx_, done, total);
    }
    // The run scope of this execution (abi.h, "Run scopes"); 0 from a host older than 1.2, which has none: what a
    // block keeps for scope 0 is kept until the plugin shuts down.
    uint64_t runScope() const {
        return MAILBLOCK_HAS(api_, mb_host_api, run_scope) && api_->run_scope ? api_->run_scope(ctx_) : 0;
    }
    // The diagram's variable `name`; nullopt when there is none, or from a host older than 1.4 (which offers none).
    std::optional<Value> variable(const std::string& name) const {
        if (!(MAILBLOCK_HAS(api_, mb_host_api, variable) && api_->variable)) return std::nullopt;
        const char* wire = api_->variable(ctx_, name.c_str());
        if (!wire) return std::nullopt;
        return json::parse(wire, json::Form::Wire);
    }

private:
    // mb_host_api.input_text: 1 with `text` set, 0 for no value, -1 to read the wire form instead (a value that is
    // not plain text, or a host older than 1.6).
    int inputText(const char* port, std::string_view& text) const {
        if (!(MAILBLOCK_HAS(api_, mb_host_api, input_text) && api_->input_text)) return -1;
        const char* data = nullptr;
        size_t size = 0;
        const int given = api_->input_text(ctx_, port, &data, &size);
        if (given == 1) text = std::string_view(data, size);
        return given;
    }

    const mb_host_api* api_;
    mb_run_context* ctx_;
    std::map<std::string, Value> supplied_;
};

}  // namespace mailblock::sdk
