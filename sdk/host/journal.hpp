// The journal of a mailing (`rpa run --each`): what became of each row, kept durably so a mailing that dies
// (a kill, a reboot, Ctrl+C) can be run again without sending a row twice.
//
// One JSON object per line, appended: a header naming the mailing, then for every row a "sending" record
// written and synced before the row runs, and its outcome ("sent", "partial", "refused", "unknown") after it.
// A row whose last record is "sending" died during its send: its outcome is unknown. The outcome record is
// synced together with the next row's "sending" record (or when the journal closes), so it is on disk before
// anything else is sent.
// Not thread-safe: one mailing loop owns it. The file is locked, so two rpa processes cannot share a journal.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

#include "row_key.hpp"

namespace mailblock::host {

class Journal {
public:
    enum class Sync { Row, Os };  // Row: fsync per row (survives a reboot); Os: the OS writes it (survives a kill)

    // Opens or creates the journal; reads what an earlier run recorded. Throws std::runtime_error naming the file.
    Journal(std::string path, Sync sync);
    ~Journal();
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;

    const std::string& path() const { return path_; }
    const std::string& mailing() const { return mailing_; }  // a random id fixed when the journal was created
    bool resumed() const { return resumed_; }                // the file held an earlier run's records
    // The state an earlier run left the row in (sending, sent, partial, refused, unknown), "" when none. Rows
    // recorded by this run are not remembered: a mailing meets each row once.
    const char* earlier(const RowKey& key) const;

    // Before the row runs: recorded and synced (with the previous row's outcome) before this returns.
    void begin(size_t row, const RowKey& key, const std::string& message_id);
    // After it ran: recorded; synced with the next begin() or close().
    void finish(size_t row, const RowKey& key, const std::string& state, const std::string& message_id);
    void close();

private:
    void load();
    void readRecord(std::string_view line, size_t line_no);
    void append(const std::string& data, bool sync);  // whole lines, each ending in "\n"
    void record(size_t row, const RowKey& key, const std::string& state, const std::string& message_id, bool sync);

    std::string path_;
    Sync sync_;
    int fd_ = -1;
    bool resumed_ = false;
    bool unsynced_ = false;
    std::string mailing_;
    std::unordered_map<RowKey, uint8_t, RowKeyHash> earlier_;  // an index into the list of states
};

}  // namespace mailblock::host
