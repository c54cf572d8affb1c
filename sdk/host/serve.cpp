#include "serve.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <thread>

#include "mailblock/sdk/json.hpp"
#include "report.hpp"
#include "serve_run.hpp"
#include "serve_scopes.hpp"

namespace mailblock::host {

using sdk::Value;
using sdk::ValueType;

namespace {

constexpr size_t kMaxRequestBytes = size_t{64} << 20;
// A cancelled run's done event goes out by then, whether or not the block has stopped.
constexpr auto kCancelDeadline = std::chrono::milliseconds(900);
constexpr auto kShutdownWait = std::chrono::seconds(1);
// Open message scopes at most; past it the least recently used idle one ends.
constexpr size_t kMaxScopes = 4096;

// Lines from a file descriptor, each at most kMaxRequestBytes; a longer one is skipped and reported.
class LineReader {
public:
    explicit LineReader(int fd) : fd_(fd) {}

    // False at end of input. `too_long`: the line was over the limit and is empty.
    bool next(std::string& line, bool& too_long) {
        line.clear();
        too_long = false;
        while (true) {
            size_t nl = buffer_.find('\n', scanned_);
            if (nl != std::string::npos) {
                if (!skipping_) line.assign(buffer_, 0, nl);
                too_long = skipping_;
                skipping_ = false;
                buffer_.erase(0, nl + 1);
                scanned_ = 0;
                if (!line.empty() && line.back() == '\r') line.pop_back();
                return true;
            }
            scanned_ = buffer_.size();
            if (buffer_.size() > kMaxRequestBytes) {  // keep reading to the end of the line, keeping nothing
                skipping_ = true;
                buffer_.clear();
                scanned_ = 0;
            }
            char chunk[65536];
            ssize_t n = ::read(fd_, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {  // end of input: a last line without a newline still counts
                if (buffer_.empty() || skipping_) return false;
                line.swap(buffer_);
                return true;
            }
            buffer_.append(chunk, static_cast<size_t>(n));
        }
    }

private:
    int fd_;
    std::string buffer_;
    size_t scanned_ = 0;
    bool skipping_ = false;
};

std::string languageOf(const Value& request) {
    const Value* settings = request.find("settings");
    const Value* lang = settings && settings->type() == ValueType::Dictionary ? settings->find("language") : nullptr;
    return lang && lang->type() == ValueType::Text && lang->asText() == "en" ? "en" : "ru";
}

class Server {
public:
    Server(const Registry& registry, const ServeOptions& options)
        : registry_(registry), options_(options), writer_(stdout), shared_{registry, handles_, writer_, [this](ServeRun& run) { leaveScope(run); }} {}

    int run() {
        LineReader reader(STDIN_FILENO);
        std::string line;
        bool too_long = false;
        while (reader.next(line, too_long)) {
            if (too_long)
                protocolError(nullptr, "a request line is longer than 64 MB");
            else if (line.find_first_not_of(" \t") != std::string::npos && !handle(line))
                break;
        }
        return shutdown();
    }

private:
    // One request; false for shutdown.
    bool handle(const std::string& line) {
        Value request;
        try {
            request = sdk::json::parse(line);
        } catch (const sdk::json::ParseError& e) {
            protocolError(nullptr, std::string("the request is not JSON: ") + e.what());
            return true;
        }
        const Value* op = request.type() == ValueType::Dictionary ? request.find("op") : nullptr;
        const Value* id = request.type() == ValueType::Dictionary ? request.find("id") : nullptr;
        if (id && id->type() != ValueType::Text) id = nullptr;
        std::string name = op && op->type() == ValueType::Text ? op->asText() : "";
        if (name == "describe") {
            writer_.write(Value::dictionary({{"event", Value::text("describe")},
                                             {"abi", Value::text(abiText())},
                                             {"version", Value::text(options_.version)},
                                             {"plugins", pluginsValue(registry_)}}));
        } else if (name == "run") {
            submit(request, id);
        } else if (name == "cancel") {
            if (id) cancel(id->asText());
        } else if (name == "end_scope") {
            // The scope's object handles and what the plugins kept for it go now, or when its last run ends.
            if (const Value* scope = request.find("scope"); scope && scope->type() == ValueType::Text)
                scopes_.end(scope->asText());
        } else if (name == "shutdown") {
            return false;
        } else {
            protocolError(id, name.empty() ? "the request has no \"op\"" : "unknown op \"" + name + "\"");
        }
        return true;
    }

    void protocolError(const Value* id, const std::string& message) {
        Value e = Value::dictionary({{"event", Value::text("error")}});
        if (id) e.set("id", *id);
        e.set("message", Value::text(message));
        writer_.write(e);
        std::cerr << "rpa serve: " << message << std::endl;
    }

    void submit(const Value& request, const Value* id) {
        if (!id || id->asText().empty()) return protocolError(nullptr, "a run request needs a text \"id\"");
        auto run = std::make_shared<ServeRun>();
        run->id = id->asText();
        if (const Value* scope = request.find("scope"); scope && scope->type() == ValueType::Text)
            run->scope = scope->asText();
        run->request = request;
        std::lock_guard<std::mutex> lock(mutex_);
        if (auto it = runs_.find(run->id); it != runs_.end() && !closed(*it->second))
            return protocolError(id, "a run with id \"" + run->id + "\" is already in flight");
        runs_[run->id] = run;
        if (active_ < options_.parallel)
            launch(run);
        else
            waiting_.push_back(run);
    }

    void leaveScope(ServeRun& run) {
        if (!run.run_scope || run.scope_left) return;
        run.scope_left = true;
        scopes_.release(run.scope);
    }

    // A run whose done event is out is no longer in flight, though its thread may still be finishing.
    static bool closed(ServeRun& run) {
        std::lock_guard<std::mutex> lock(run.mutex);
        return run.closed;
    }

    // Under mutex_.
    void launch(const std::shared_ptr<ServeRun>& run) {
        ++active_;
        ++live_threads_;
        run->started = true;
        std::thread([this, run] {
            if (!run->scope.empty()) run->run_scope = scopes_.acquire(run->scope);
            executeRun(*run, shared_);
            leaveScope(*run);  // when the run ended without its done event (an error, a cancel's deadline)
            releaseSlot(run);
            forget(run);
            std::lock_guard<std::mutex> lock(mutex_);
            --live_threads_;
            changed_.notify_all();
        }).detach();
    }

    // The run no longer counts against --parallel (it ended, or was abandoned at its cancel deadline).
    void releaseSlot(const std::shared_ptr<ServeRun>& run) {
        if (run->slot_released.exchange(true)) return;
        std::lock_guard<std::mutex> lock(mutex_);
        --active_;
        while (active_ < options_.parallel && !waiting_.empty()) {
            auto next = waiting_.front();
            waiting_.pop_front();
            launch(next);
        }
    }

    void forget(const std::shared_ptr<ServeRun>& run) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (auto it = runs_.find(run->id); it != runs_.end() && it->second == run) runs_.erase(it);
        changed_.notify_all();
    }

    Value cancelledDone(const ServeRun& run) {
        const bool en = languageOf(run.request) == "en";
        const Value* block = run.request.find("block");
        const LoadedBlock* loaded =
            block && block->type() == ValueType::Text ? registry_.find(block->asText()) : nullptr;
        return failedDone(run.id, loaded, "cancelled", en ? "The run was cancelled." : "Выполнение отменено.");
    }

    void cancel(const std::string& id) {
        std::shared_ptr<ServeRun> run;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            auto it = runs_.find(id);
            if (it == runs_.end()) return;
            run = it->second;
            run->cancel = true;
            if (!run->started) {
                for (auto w = waiting_.begin(); w != waiting_.end(); ++w)
                    if (*w == run) {
                        waiting_.erase(w);
                        break;
                    }
                runs_.erase(it);
                changed_.notify_all();
                emitForRun(*run, writer_, cancelledDone(*run), true, nullptr);
                return;
            }
        }
        // The block sees the flag at its next check; if it has not ended by the deadline, the run is closed here
        // and its thread abandoned: whatever it does later is dropped.
        std::thread([this, run] {
            std::unique_lock<std::mutex> lock(run->mutex);
            if (run->closed_cv.wait_for(lock, kCancelDeadline, [&] { return run->closed; })) return;
            lock.unlock();
            if (!emitForRun(*run, writer_, cancelledDone(*run), true, nullptr)) return;
            std::cerr << "rpa serve: run \"" << run->id << "\" did not stop when cancelled; its thread is abandoned"
                      << std::endl;
            releaseSlot(run);
            forget(run);
        }).detach();
    }

    int shutdown() {
        std::vector<std::string> ids;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            for (const auto& [id, run] : runs_) ids.push_back(id);
        }
        for (const auto& id : ids) cancel(id);
        std::unique_lock<std::mutex> lock(mutex_);
        bool stopped = changed_.wait_for(lock, kShutdownWait, [&] { return runs_.empty() && live_threads_ == 0; });
        if (!stopped) {
            // A block is still running: unloading its plugin under it would crash. Leave at once instead.
            (void)std::fflush(stdout);
            std::_Exit(0);
        }
        return 0;
    }

    const Registry& registry_;
    const ServeOptions& options_;
    ObjectHandles handles_;
    // After handles_: a scope that ends drops its object handles too.
    ServeScopes scopes_{options_.scope_idle, kMaxScopes, [this](const std::string& scope) { handles_.endScope(scope); }};
    EventWriter writer_;
    ServeShared shared_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::map<std::string, std::shared_ptr<ServeRun>> runs_;  // not yet closed
    std::deque<std::shared_ptr<ServeRun>> waiting_;
    size_t active_ = 0;
    size_t live_threads_ = 0;
};

}  // namespace

ServeOptions serveOptions(const std::map<std::string, std::string>& options, std::string version) {
    ServeOptions o;
    o.version = std::move(version);
    auto number = [](const std::string& name, const std::string& value, unsigned long max) {
        char* end = nullptr;
        unsigned long n = std::strtoul(value.c_str(), &end, 10);
        if (value.empty() || *end || n < 1 || n > max)
            throw std::invalid_argument("--" + name + " takes a number from 1 to " + std::to_string(max));
        return n;
    };
    for (const auto& [name, value] : options) {
        if (name == "parallel") o.parallel = number(name, value, 64);
        else if (name == "scope-idle") o.scope_idle = std::chrono::seconds(number(name, value, 86400));
        else throw std::invalid_argument("unknown option --" + name);
    }
    return o;
}

int serve(const Registry& registry, const ServeOptions& options) { return Server(registry, options).run(); }

}  // namespace mailblock::host
