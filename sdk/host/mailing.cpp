#include "mailing.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <optional>
#include <ostream>
#include <set>

#include "csv.hpp"
#include "mailing_rows.hpp"
#include "progress.hpp"
#include "report.hpp"

namespace mailblock::host {

namespace {

constexpr size_t kMaxRowsListed = 20;

// The blocks that send a row's message: those taking a Message-ID. Their outcome is the row's outcome (a
// failed Save to Sent after a sent message must not make the row look unsent).
std::vector<std::string> sendingBlocks(const Diagram& d) {
    std::vector<std::string> out;
    for (const auto& [id, b] : d.blocks)
        if (b.block->descriptor.input(sdk::standard_ports::kMessageId)) out.push_back(id);
    return out;
}

// The messages-per-second limit the diagram sets (a literal or a variable's default), 0 when none.
double rateLimit(const Diagram& d) {
    for (const auto& [id, b] : d.blocks) {
        auto it = b.inputs.find(sdk::standard_ports::kMessagesPerSecond);
        if (it == b.inputs.end()) continue;
        sdk::Value v = it->second.kind == InputSource::Kind::Literal ? it->second.literal
                       : it->second.kind == InputSource::Kind::Variable && d.variables.count(it->second.name)
                           ? d.variables.at(it->second.name)
                           : sdk::Value();
        try {
            double limit = v.type() == sdk::ValueType::Number ? v.asNumber()
                           : v.type() == sdk::ValueType::Text ? std::stod(v.asText())
                                                              : 0;
            if (limit > 0) return limit;
        } catch (const std::exception&) {
        }
    }
    return 0;
}

// The row's fate from its sending blocks: "sent", "partial", "refused" (not handed over) or "unknown". A diagram
// without a sending block counts as sent when it completed without an error.
std::string rowOutcome(const RunResult& r, const std::vector<std::string>& senders) {
    bool sent = false, partial = false, unknown = false, failed = false;
    for (const auto& b : r.blocks) {
        if (!senders.empty() && std::find(senders.begin(), senders.end(), b.id) == senders.end()) continue;
        std::string kind = b.error ? b.error->kind : "";
        sent = sent || b.ok;
        unknown = unknown || kind == "unknown_outcome";
        partial = partial || kind == "partial";
        failed = failed || !b.ok;
    }
    if (unknown) return "unknown";
    if (partial) return "partial";
    if (senders.empty()) return r.completed && !failed ? "sent" : "refused";
    return sent ? "sent" : "refused";
}

// The Message-ID the row's first sending block reported in its outputs, if any.
std::string reportedMessageId(const RunResult& r, const std::vector<std::string>& senders) {
    for (const auto& b : r.blocks) {
        if (std::find(senders.begin(), senders.end(), b.id) == senders.end()) continue;
        for (const auto& out : b.outputs)
            if (const sdk::Value* id =
                    out.value.type() == sdk::ValueType::Object ? out.value.find("message_id") : nullptr;
                id && id->type() == sdk::ValueType::Text)
                return id->asText();
    }
    return "";
}

// Whether blocks write log lines (message level Debug or Detailed): the terminal line then steps aside each row.
bool blockLogsShown(const Diagram& d) {
    for (const auto& [id, b] : d.blocks)
        if (resolve(b.message_level, d.start) != sdk::MessageLevel::Release) return true;
    return false;
}

std::vector<std::string> csvHeader(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw CsvError("cannot read " + path);
    return CsvReader(in).header();
}

std::string rowList(const std::vector<size_t>& rows) {
    std::string s;
    for (size_t i = 0; i < rows.size() && i < kMaxRowsListed; ++i) s += (i ? ", " : "") + std::to_string(rows[i]);
    if (rows.size() > kMaxRowsListed) s += ", … (" + std::to_string(rows.size()) + " in all)";
    return s;
}

std::string resumeCommand(const MailingOptions& m) {
    std::string cmd = "rpa run " + m.diagram_path + " --each " + m.csv_path;
    if (!m.journal_path.empty()) cmd += " --journal " + m.journal_path;
    return cmd;
}

struct Summary {
    MailingCounts counts;
    size_t rows = 0, already = 0, duplicates = 0;
    std::vector<size_t> unknown_rows;  // unknown now or left unknown by an earlier run
    std::vector<size_t> refused_rows;
    std::vector<size_t> failed_after_send;  // sent, then a later block stopped the diagram (Save to Sent, say)
    bool interrupted = false;

    void add(size_t row, const std::string& outcome, bool completed) {
        ++counts.done;
        if (outcome == "sent")
            ++counts.sent;
        else if (outcome == "partial")
            ++counts.partial;
        else if (outcome == "unknown")
            ++counts.unknown, unknown_rows.push_back(row);
        else
            ++counts.refused, refused_rows.push_back(row);
        if (!completed && (outcome == "sent" || outcome == "partial")) failed_after_send.push_back(row);
    }
    bool clean() const {
        return !interrupted && counts.refused == 0 && counts.partial == 0 && unknown_rows.empty() &&
               failed_after_send.empty();
    }
};

void printSummary(std::ostream& err, const MailingOptions& m, const std::string& journal, const Summary& s) {
    const MailingCounts& c = s.counts;
    err << "rpa: " << s.rows << " rows: " << c.sent << " sent, " << c.partial << " partial, " << c.refused
        << " refused, " << c.unknown << " unknown";
    if (s.already) err << "; " << s.already << " sent by an earlier run (skipped)";
    if (s.duplicates) err << "; " << s.duplicates << " duplicate rows (skipped)";
    err << "\n";
    if (s.interrupted)
        err << "rpa: stopped by Ctrl+C after " << c.done << " rows; " << c.total - c.done << " rows not sent yet\n";
    if (!s.refused_rows.empty())
        err << "rpa: refused rows (not sent; a rerun tries them again): " << rowList(s.refused_rows) << "\n";
    if (!s.failed_after_send.empty())
        err << "rpa: rows sent, then stopped by a later block's error (not sent again): "
            << rowList(s.failed_after_send) << "\n";
    if (!s.unknown_rows.empty())
        err << "rpa: rows whose outcome is unknown (the connection ended after the message was handed over, or rpa "
               "stopped during the send): "
            << rowList(s.unknown_rows)
            << ". Check the recipients' mail; --resend-unknown sends them again, with the same "
            << "Message-ID\n";
    if (journal.empty()) return;
    err << "rpa: journal: " << journal << "\n";
    if (c.total == 0 && s.already > 0 && s.unknown_rows.empty())
        err << "rpa: nothing to send: every row was sent by an earlier run; to send the mailing again, remove the "
               "journal or give --journal NEW-FILE\n";
    if (s.interrupted || c.refused || !s.unknown_rows.empty())
        err << "rpa: to resume: " << resumeCommand(m) << "  (rows already sent are skipped)\n";
}

}  // namespace

std::string journalPath(const MailingOptions& m) {
    if (m.journal_path == "off") return "";
    return m.journal_path.empty() ? m.csv_path + ".journal" : m.journal_path;
}

int runMailing(const MailingOptions& m, const Registry& registry, RunOptions options, const std::atomic<bool>& stop,
               std::ostream& out, std::ostream& err) {
    // The diagram, loaded once with every column declared as a variable; each row binds its values.
    std::map<std::string, std::string> declared = m.vars;
    for (const auto& name : csvHeader(m.csv_path)) declared.emplace(name, "");
    Diagram d = loadDiagramFile(m.diagram_path, registry, declared);
    RowsCheck check = checkRows(m.csv_path, d);
    for (const auto& dup : check.duplicates)
        err << "rpa: warning: " << dup << " (the same message to the same recipient): sent once\n";

    std::string journal_file = journalPath(m);
    std::optional<Journal> journal;
    try {
        if (!journal_file.empty()) journal.emplace(journal_file, m.journal_sync);
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(std::string(e.what()) + " (--journal FILE puts it elsewhere)");
    }
    const std::vector<std::string> senders = sendingBlocks(d);
    std::set<std::string> bind_ids;  // sending blocks whose Message-ID the diagram leaves to the mailing
    for (const auto& id : senders)   // without a journal there is no rerun to keep an id for
        if (journal && !d.block(id).inputs.count(sdk::standard_ports::kMessageId)) bind_ids.insert(id);

    Summary s;
    s.rows = check.rows;
    s.duplicates = check.duplicates.size();
    // What this run sends: rows the journal has not seen sent, unknown ones only when asked.
    auto decide = [&](const RowKey& key, size_t row) -> const char* {
        auto first = check.first_row.find(key);  // absent only if the file changed since the first pass
        if (first != check.first_row.end() && first->second != row) return "duplicate";
        std::string state = journal ? journal->earlier(key) : "";
        if (state.empty() || state == "refused") return "send";
        if (state == "sent" || state == "partial") return "already";
        return m.resend_unknown ? "send" : "unknown";  // "sending" (died during the send) or "unknown"
    };
    for (size_t row = 1; row <= check.keys.size(); ++row) {
        std::string what = decide(check.keys[row - 1], row);
        if (what == "send")
            ++s.counts.total;
        else if (what == "already")
            ++s.already;
        else if (what == "unknown")
            s.unknown_rows.push_back(row);
    }
    if (journal && journal->resumed())
        err << "rpa: resuming with the journal " << journal_file << ": " << s.already << " rows sent before, "
            << s.counts.total << " to send"
            << (s.unknown_rows.empty()
                    ? ""
                    : ", " + std::to_string(s.unknown_rows.size()) + " of unknown outcome not resent")
            << "\n";

    Progress progress(m.json                  ? Progress::Mode::Json
                      : isatty(STDERR_FILENO) ? Progress::Mode::Terminal
                                              : Progress::Mode::Silent,
                      err, rateLimit(d));
    // The running block never sees Ctrl+C: its message finishes, and the loop stops before the next row.
    options.cancel = nullptr;
    InputCache inputs;  // most ports keep their value from row to row
    options.inputs = &inputs;
    // Rows' outputs are shown only with --json (a failed row is shown by its error), and the journal needs the
    // Message-ID a sending block reports only when the mailing did not give it: otherwise blocks need not make
    // the outputs no later block reads (a Sent message per row).
    options.outputs_reported = m.json || (journal && bind_ids.size() < senders.size());
    const bool logs_shown = blockLogsShown(d);
    if (m.json) out << "[";
    std::ifstream in(m.csv_path, std::ios::binary);
    CsvReader reader(in);
    std::vector<std::string> values;
    bool first_result = true;
    while (reader.next(values)) {
        size_t row = reader.rowNumber();
        RowKey key = rowKey(reader.header(), values);
        if (std::strcmp(decide(key, row), "send") != 0) continue;
        if (stop.load()) {
            s.interrupted = true;
            break;
        }
        bindRow(d, reader.header(), values);
        std::string message_id;
        for (const auto& id : bind_ids) {
            InputSource src;
            src.literal = sdk::Value::text(rowMessageId(journal->mailing(), key, id));
            if (message_id.empty()) message_id = src.literal.asText();
            d.blocks[id].inputs[sdk::standard_ports::kMessageId] = std::move(src);
        }
        if (journal) journal->begin(row, key, message_id);
        if (logs_shown) progress.clear();
        SecretMask mask;
        RunResult r = runDiagram(d, options, mask);
        std::string outcome = rowOutcome(r, senders);
        if (journal) {
            const std::string reported = reportedMessageId(r, senders);
            journal->finish(row, key, outcome, reported.empty() ? message_id : reported);
        }
        s.add(row, outcome, r.completed);
        if (m.json) {
            out << (first_result ? "\n" : ",\n") << resultJson(r, mask);
            first_result = false;
        } else if (!r.completed || outcome != "sent") {
            progress.clear();
            out << "row " << row << ":\n";
            printOutcomes(out, r, mask);
        }
        progress.update(s.counts);
    }
    if (m.json) out << "\n]\n" << std::flush;
    if (journal) journal->close();
    progress.finish(s.counts);
    printSummary(err, m, journal_file, s);
    return s.clean() ? 0 : 1;
}

}  // namespace mailblock::host
