// What a running block sees of the world: its inputs, its outputs, a filtered logger, its levels and a
// cancellation signal. A thin C++ view over mb_host_api; valid only inside run().
#pragma once

#include <optional>
#include <string>

#include "mailblock/abi.h"
#include "mailblock/sdk/json.hpp"

namespace mailblock::sdk {

enum class ErrorLevel { Stop = MB_ERRORS_STOP, Ignore = MB_ERRORS_IGNORE, Handle = MB_ERRORS_HANDLE };
enum class MessageLevel { Release = MB_MESSAGES_RELEASE, Debug = MB_MESSAGES_DEBUG, Detailed = MB_MESSAGES_DETAILED };

class Context {
public:
    Context(const mb_host_api* api, mb_run_context* ctx) : api_(api), ctx_(ctx) {}

    // The value of an input port (already converted by the host to one of the port's types), Null if unset.
    Value input(const char* port) const {
        const char* wire = api_->input(ctx_, port);
        return wire ? json::parse(wire, json::Form::Wire) : Value();
    }
    // Text of a Text/SecureString port; empty when unset.
    std::string text(const char* port) const {
        Value v = input(port);
        return v.isNull() ? std::string() : v.asText();
    }
    std::optional<double> number(const char* port) const {
        Value v = input(port);
        if (v.isNull()) return std::nullopt;
        return v.asNumber();
    }
    bool boolean(const char* port, bool fallback) const {
        Value v = input(port);
        return v.isNull() ? fallback : v.asBool();
    }

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
    std::string blockId() const { return api_->block_id(ctx_); }
    bool outputLinked(const char* port) const { return api_->output_linked(ctx_, port) != 0; }
    void progress(uint64_t done, uint64_t total) const { api_->progress(ctx_, done, total); }

private:
    const mb_host_api* api_;
    mb_run_context* ctx_;
};

}  // namespace mailblock::sdk
