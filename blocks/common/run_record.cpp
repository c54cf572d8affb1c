#include "common/run_record.hpp"

#include <chrono>

#include "common/outcome.hpp"
#include "mailblock/sdk/error.hpp"

namespace mailblock::common {

using sdk::Port;
using sdk::PortType;
using sdk::Value;

Port logFilePort(sdk::Localized description) {
    return Port::make(port::kLogFile, {"Файл журнала", "Log file"}, {PortType::Text}).describe(std::move(description));
}

Port logModePort() {
    return Port::make(port::kLogMode, {"Запись в файловый журнал", "File log"}, {PortType::Enum})
        .oneOf({"Off", "Errors only", "Full"})
        .byDefault(Value::text("Off"))
        .describe({"Off — не писать; Errors only — только ошибки (и частичные доставки); Full — каждый запуск.",
                   "Off: nothing; Errors only: failures (and partial deliveries); Full: every run."});
}

void runRecorded(sdk::Context& ctx, const std::string& fallback_fate, bool logged,
                 const std::function<std::string(SendLogLine&)>& body) {
    SendLogLine line;
    line.block_id = ctx.blockId();
    const std::string file = ctx.text(port::kLogFile);
    const LogMode mode = logged ? logModeFromName(ctx.text(port::kLogMode)) : LogMode::Off;
    const auto started = std::chrono::steady_clock::now();
    auto write = [&](const std::string& outcome) {
        line.outcome = outcome;
        line.milliseconds =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
        if (!appendSendLog(file, mode, line)) ctx.warning("cannot write the log file " + file);
    };
    try {
        write(body(line));
    } catch (const sdk::BlockFailure& f) {
        sdk::BlockError e = fate::stated(f.error(), fallback_fate, ctx.language());
        // A delivery that reached some recipients is "partial" in the log, whether or not the block failed on it.
        write(e.fate == fate::kPartial ? "partial" : e.kind.empty() ? "error" : e.kind);
        throw sdk::BlockFailure(std::move(e));
    } catch (const std::exception&) {
        write("internal");
        throw;
    }
}

}  // namespace mailblock::common
