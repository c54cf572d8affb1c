#include "run_context.hpp"

#include <cctype>
#include <ostream>

#include "mailblock/sdk/json.hpp"

namespace mailblock::host {

void SecretMask::add(const std::string& secret) {
    if (secret.empty()) return;
    secrets_.push_back(secret);
    std::string escaped = sdk::json::write(sdk::Value::text(secret), sdk::json::Form::Plain);
    escaped = escaped.substr(1, escaped.size() - 2);
    if (escaped != secret) secrets_.push_back(escaped);
}

namespace {
// A secret this short is masked only where it stands alone: masking "x" inside every word would mangle the text
// ("E***ception") and, worse, tell the reader what the secret is.
constexpr size_t kMaskInsideWordsFrom = 6;

bool wordChar(const std::string& text, size_t pos) {
    unsigned char c = static_cast<unsigned char>(text[pos]);
    return std::isalnum(c) || c >= 0x80;
}
}  // namespace

std::string SecretMask::apply(std::string text) const {
    for (const auto& s : secrets_) {
        const bool anywhere = s.size() >= kMaskInsideWordsFrom;
        for (size_t pos = text.find(s); pos != std::string::npos;) {
            bool alone = (pos == 0 || !wordChar(text, pos - 1)) && (pos + s.size() >= text.size() || !wordChar(text, pos + s.size()));
            if (anywhere || alone) {
                text.replace(pos, s.size(), "***");
                pos = text.find(s, pos + 3);
            } else {
                pos = text.find(s, pos + 1);
            }
        }
    }
    return text;
}

namespace {

const char* input(mb_run_context* ctx, const char* port) noexcept {
    try {
        auto it = ctx->inputs.find(std::string_view(port));  // measured once, not at every comparison
        return it == ctx->inputs.end() ? nullptr : it->second.wire.c_str();
    } catch (...) {
        return nullptr;
    }
}

int inputText(mb_run_context* ctx, const char* port, const char** text, size_t* size) noexcept {
    auto it = ctx->inputs.find(std::string_view(port));
    if (it == ctx->inputs.end()) return 0;
    const sdk::Value* v = it->second.value;
    if (!v || v->type() != sdk::ValueType::Text) return -1;
    *text = v->asText().data();
    *size = v->asText().size();
    return 1;
}

int setOutput(mb_run_context* ctx, const char* port, const char* wire) noexcept {
    try {
        if (!ctx->descriptor->output(port)) return 1;
        ctx->outputs[port] = sdk::json::parse(wire, sdk::json::Form::Wire);
        return 0;
    } catch (...) {
        return 2;
    }
}

void setError(mb_run_context* ctx, const char* error_json) noexcept {
    try {
        ctx->error = sdk::BlockError::fromValue(sdk::json::parse(error_json, sdk::json::Form::Wire));
    } catch (...) {
        try {
            ctx->error = sdk::BlockError{"internal", "the block reported an unreadable error", "", "", 0, "", "", ""};
        } catch (...) {  // out of memory: the runner reports "failed without saying why"
        }
    }
}

void log(mb_run_context* ctx, int level, const char* line) noexcept {
    int shown = static_cast<int>(ctx->message_level);
    bool visible = (level == MB_LOG_DETAILED) ? shown >= MB_MESSAGES_DETAILED : shown >= MB_MESSAGES_DEBUG;
    if (!visible || !ctx->sink) return;
    try {
        const std::string shown_line = ctx->mask->apply(sdk::utf8::repaired(line));
        if (ctx->sink->line) return ctx->sink->line(level, shown_line);
        if (!ctx->sink->out) return;
        if (ctx->last_progress_shown) {
            *ctx->sink->out << '\n';
            ctx->last_progress_shown = 0;
        }
        const char* prefix = level == MB_LOG_WARNING ? "warning: " : "";
        *ctx->sink->out << "[" << ctx->block_id << "] " << prefix << shown_line << std::endl;
    } catch (...) {  // a line that cannot be written is dropped
    }
}

int errorLevel(mb_run_context* ctx) noexcept { return static_cast<int>(ctx->error_level); }
int messageLevel(mb_run_context* ctx) noexcept { return static_cast<int>(ctx->message_level); }
int cancelled(mb_run_context* ctx) noexcept { return ctx->cancel && ctx->cancel->load() ? 1 : 0; }
const char* language(mb_run_context* ctx) noexcept { return ctx->language.c_str(); }
const char* blockId(mb_run_context* ctx) noexcept { return ctx->block_id.c_str(); }
uint64_t runScope(mb_run_context* ctx) noexcept { return ctx->run_scope; }

const char* variable(mb_run_context* ctx, const char* name) noexcept {
    try {
        if (!ctx->variables || !name) return nullptr;
        auto it = ctx->variables->find(name);
        if (it == ctx->variables->end()) return nullptr;
        // Written once per name: a pointer handed out earlier in this run stays valid.
        auto [read, fresh] = ctx->variables_read.try_emplace(name);
        if (fresh) read->second = mailblock::sdk::json::write(it->second, mailblock::sdk::json::Form::Wire);
        return read->second.c_str();
    } catch (...) {
        return nullptr;
    }
}

int outputLinked(mb_run_context* ctx, const char* port) noexcept {
    try {
        return ctx->linked_outputs.count(port) ? 1 : 0;
    } catch (...) {
        return 1;
    }
}

int outputWanted(mb_run_context* ctx, const char* port) noexcept {
    try {
        return ctx->outputs_reported || ctx->linked_outputs.count(port) ? 1 : 0;
    } catch (...) {
        return 1;
    }
}

// A progress line for long sends, only on a terminal and only past a few megabytes.
void progress(mb_run_context* ctx, uint64_t done, uint64_t total) noexcept {
    constexpr uint64_t kShowFrom = 4u << 20;
    if (ctx->sink && ctx->sink->progress) {
        try {
            ctx->sink->progress(done, total);
        } catch (...) {  // progress is advice: a listener that fails loses it
        }
        return;
    }
    if (!ctx->sink || !ctx->sink->progress_line || total < kShowFrom) return;
    if (done < total && done - ctx->last_progress_shown < (1u << 20)) return;
    ctx->last_progress_shown = done;
    try {
        *ctx->sink->out << "\r[" << ctx->block_id << "] " << (done >> 20) << " / " << (total >> 20) << " MB" << std::flush;
        if (done >= total) {
            *ctx->sink->out << '\n';
            ctx->last_progress_shown = 0;
        }
    } catch (...) {
    }
}

const mb_host_api kApi{sizeof(mb_host_api), &input,       &setOutput, &setError,           &log,
                       &errorLevel,         &messageLevel, &cancelled, &language,           &progress,
                       &blockId,            &outputLinked, MAILBLOCK_ABI_MAJOR, MAILBLOCK_ABI_MINOR, &runScope,
                       &variable,           &outputWanted, &inputText};

}  // namespace

const mb_host_api* hostApi() { return &kApi; }

}  // namespace mailblock::host
