#include "journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <stdexcept>

#include "mailblock/sdk/json.hpp"

namespace mailblock::host {

using sdk::Value;

namespace {

constexpr const char* kFormat = "mailblock mailing journal";

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
            append(sdk::json::write(header, sdk::json::Form::Plain), true);
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

void Journal::load() {
    std::string text;
    char buf[1 << 16];
    for (ssize_t n; (n = ::read(fd_, buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw std::runtime_error("cannot read the journal " + path_ + ": " + std::strerror(errno));
        text.append(buf, static_cast<size_t>(n));
    }
    // A record cut short by a crash is dropped, so the next record starts on a line of its own.
    size_t end = text.rfind('\n');
    end = end == std::string::npos ? 0 : end + 1;
    if (end != text.size() && ::ftruncate(fd_, static_cast<off_t>(end)) != 0)
        throw std::runtime_error("cannot repair the journal " + path_ + ": " + std::strerror(errno));
    ::lseek(fd_, 0, SEEK_END);
    size_t line_no = 0;
    for (size_t pos = 0; pos < end; ++line_no) {
        size_t nl = text.find('\n', pos);
        Value rec;
        try {
            rec = sdk::json::parse(std::string_view(text).substr(pos, nl - pos));
        } catch (const sdk::json::ParseError&) {
            throw std::runtime_error(path_ + " line " + std::to_string(line_no + 1) + " is not a journal record");
        }
        pos = nl + 1;
        if (line_no == 0) {
            if (field(rec, "journal") != kFormat || field(rec, "mailing").empty())
                throw std::runtime_error(path_ + " is not an rpa mailing journal");
            mailing_ = field(rec, "mailing");
            continue;
        }
        JournalEntry& e = rows_[field(rec, "key")];
        e.state = field(rec, "state");
        if (std::string id = field(rec, "message_id"); !id.empty()) e.message_id = id;
        if (const Value* r = rec.find("row"); r && r->type() == sdk::ValueType::Number)
            e.row = static_cast<size_t>(r->asNumber());
        resumed_ = true;
    }
}

const JournalEntry* Journal::find(const std::string& key) const {
    auto it = rows_.find(key);
    return it == rows_.end() ? nullptr : &it->second;
}

void Journal::append(const std::string& line, bool sync) {
    std::string data = line + "\n";
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

void Journal::begin(size_t row, const std::string& key, const std::string& message_id) {
    finish(row, key, "sending", message_id);  // synced, and with it the previous row's outcome
}

void Journal::finish(size_t row, const std::string& key, const std::string& state, const std::string& message_id) {
    Value rec = Value::dictionary();
    rec.set("row", Value::number(static_cast<double>(row)));
    rec.set("key", Value::text(key));
    rec.set("state", Value::text(state));
    if (!message_id.empty()) rec.set("message_id", Value::text(message_id));
    append(sdk::json::write(rec, sdk::json::Form::Plain), state == "sending");
    JournalEntry& e = rows_[key];
    e.row = row;
    e.state = state;
    if (!message_id.empty()) e.message_id = message_id;
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
