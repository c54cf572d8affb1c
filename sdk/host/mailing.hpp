// A mailing: `rpa run DIAGRAM --each rows.csv`. The diagram is loaded and validated once, every row is checked
// in a first pass that keeps no diagrams, then each row runs in turn with its columns bound as variables.
// A journal records each row's fate durably so a rerun sends every row exactly once (journal.hpp); a progress
// line or JSON events show how far it has got (progress.hpp).
#pragma once

#include <atomic>
#include <iosfwd>
#include <map>
#include <string>

#include "journal.hpp"
#include "plugin_loader.hpp"
#include "runner.hpp"

namespace mailblock::host {

struct MailingOptions {
    std::string diagram_path;
    std::string csv_path;
    std::string journal_path;  // empty: ROWS.csv.journal next to the CSV; "off": no journal
    Journal::Sync journal_sync = Journal::Sync::Row;
    bool resend_unknown = false;
    bool json = false;                        // per-row results on stdout as a JSON array, progress events on stderr
    std::map<std::string, std::string> vars;  // --var values, under each row's columns
};

// The journal file a mailing uses ("" when off).
std::string journalPath(const MailingOptions& m);

// Runs the mailing. `stop` (Ctrl+C) is read between rows: the running row finishes, is journalled, and the
// summary is printed. Returns the exit code: 0 when every row was sent, 1 otherwise. Throws for unusable input
// (CsvError, InvalidDiagram, std::runtime_error for the journal) before anything is sent.
int runMailing(const MailingOptions& m, const Registry& registry, RunOptions options, const std::atomic<bool>& stop,
               std::ostream& out, std::ostream& err);

}  // namespace mailblock::host
