#include "journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iterator>
#include <random>
#include <stdexcept>

#include "mailblock/sdk/json.hpp"

namespace mailblock::host {

using sdk::Value;

namespace {

constexpr const char* kFormat = "mailblock mailing journal";
constexpr const char* kStates[] = {"sending", "sent", "partial", "refused", "unknown"};

uint8_t stateIndex(const std::string& state) {
    for (size_t i = 0; i < std::size(kStates); ++i)
        if (state == kStates[i]) return static_cast<uint8_t>(i);
    return 0;  // an unknown word reads as "sending": the row's fate is not known
}

std::string randomHex(size_t chars) {
    std::random_device rd;
    std::string out;
    static const char* digits = "0123456789abcdef";
    while (out.size() < chars) out += digits[rd() & 15];
    return out;
}

std::string field(const Value& v, const char* key) {
    const Value* f = v.find(key);
    return f && f->type() == sdk::ValueType::Text ? f->asText() : std::string();
}

}  // namespace

Journal::Journal(std::string path, Sync sync) : path_(std::move(path)), sync_(sync) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0) throw std::runtime_error("cannot open the journal " + path_ + ": " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd_);
        throw std::runtime_error("the journal " + path_ +
                                 " is in use by another rpa (one mailing at a time per journal)");
    }
    try {
        load();
        if (mailing_.empty()) {
            mailing_ = randomHex(12);
            Value header = Value::dictionary();
            header.set("journal", Value::text(kFormat));
            header.set("version", Value::number(1));
            header.set("mailing", Value::text(mailing_));
            append(sdk::json::write(header, sdk::json::Form::Plain) + "\n", true);
        }
    } catch (...) {
        ::close(fd_);
        throw;
    }
}

Journal::~Journal() {
    try {
        close();
    } catch (...) {  // a failed final sync was reported by an explicit close() where it mattered
    }
}

// Reads the records a chunk at a time (a journal of 100,000 rows is ~25 MB; only the states are kept).
void Journal::load() {
    std::string pending;  // the start of a line not yet complete
    char buf[1 << 16];
    size_t line_no = 0;
    off_t complete = 0;  // bytes up to the end of the last complete line
    for (ssize_t n; (n = ::read(fd_, buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw std::runtime_error("cannot read the journal " + path_ + ": " + std::strerror(errno));
        pending.append(buf, static_cast<size_t>(n));
        size_t pos = 0;
        for (size_t nl; (nl = pending.find('\n', pos)) != std::string::npos; pos = nl + 1) {
            readRecord(std::string_view(pending).substr(pos, nl - pos), ++line_no);
            complete += static_cast<off_t>(nl + 1 - pos);
        }
        pending.erase(0, pos);
    }
    // A record cut short by a crash is dropped, so the next record starts on a line of its own.
    if (!pending.empty() && ::ftruncate(fd_, complete) != 0)
        throw std::runtime_error("cannot repair the journal " + path_ + ": " + std::strerror(errno));
    ::lseek(fd_, 0, SEEK_END);
}

void Journal::readRecord(std::string_view line, size_t line_no) {
    Value rec;
    try {
        rec = sdk::json::parse(line);
    } catch (const sdk::json::ParseError&) {
        throw std::runtime_error(path_ + " line " + std::to_string(line_no) + " is not a journal record");
    }
    if (line_no == 1) {
        if (field(rec, "journal") != kFormat || field(rec, "mailing").empty())
            throw std::runtime_error(path_ + " is not an rpa mailing journal");
        mailing_ = field(rec, "mailing");
        return;
    }
    RowKey key;
    if (!RowKey::fromHex(field(rec, "key"), key))
        throw std::runtime_error(path_ + " line " + std::to_string(line_no) + " has no row key");
    earlier_[key] = stateIndex(field(rec, "state"));
    resumed_ = true;
}

const char* Journal::earlier(const RowKey& key) const {
    auto it = earlier_.find(key);
    return it == earlier_.end() ? "" : kStates[it->second];
}

void Journal::append(const std::string& data, bool sync) {
    for (size_t done = 0; done < data.size();) {
        ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw std::runtime_error("cannot write the journal " + path_ + ": " + std::strerror(errno));
        done += static_cast<size_t>(n);
    }
    unsynced_ = true;
    if (sync && sync_ == Sync::Row) {
        if (::fdatasync(fd_) != 0)
            throw std::runtime_error("cannot sync the journal " + path_ + ": " + std::strerror(errno));
        unsynced_ = false;
    }
}

void Journal::begin(size_t row, const RowKey& key, const std::string& message_id) {
    record(row, key, "sending", message_id, true);  // synced, and with it the previous row's outcome
}

void Journal::finish(size_t row, const RowKey& key, const std::string& state, const std::string& message_id) {
    record(row, key, state, message_id, false);
}

void Journal::record(size_t row, const RowKey& key, const std::string& state, const std::string& message_id,
                     bool sync) {
    // Written field by field (two records a row): {"row":N,"key":"…","state":"…","message_id":"…"}.
    std::string rec;
    rec.reserve(96 + message_id.size());
    rec += "{\"row\":";
    rec += std::to_string(row);
    rec += ",\"key\":\"";
    rec += key.hex();
    rec += "\",\"state\":";
    sdk::json::appendString(rec, state, sdk::json::Form::Plain);
    if (!message_id.empty()) {
        rec += ",\"message_id\":";
        sdk::json::appendString(rec, message_id, sdk::json::Form::Plain);
    }
    rec += "}\n";
    append(rec, sync);
}

void Journal::close() {
    if (fd_ < 0) return;
    int fd = fd_;
    fd_ = -1;
    bool failed = unsynced_ && sync_ == Sync::Row && ::fsync(fd) != 0;
    ::close(fd);
    if (failed) throw std::runtime_error("cannot sync the journal " + path_ + ": " + std::strerror(errno));
}

}  // namespace mailblock::host
