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
#include <unordered_map>

namespace mailblock::host {

struct JournalEntry {
    size_t row = 0;          // the row's number in the CSV when it was recorded (for people; the key is the identity)
    std::string state;       // sending, sent, partial, refused, unknown
    std::string message_id;  // the id the row's message was sent with
};

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
    // The row's last record, or null when the journal has none.
    const JournalEntry* find(const std::string& key) const;

    // Before the row runs: recorded and synced (with the previous row's outcome) before this returns.
    void begin(size_t row, const std::string& key, const std::string& message_id);
    // After it ran: recorded; synced with the next begin() or close().
    void finish(size_t row, const std::string& key, const std::string& state, const std::string& message_id);
    void close();

private:
    void load();
    void append(const std::string& line, bool sync);

    std::string path_;
    Sync sync_;
    int fd_ = -1;
    bool resumed_ = false;
    bool unsynced_ = false;
    std::string mailing_;
    std::unordered_map<std::string, JournalEntry> rows_;
};

}  // namespace mailblock::host
