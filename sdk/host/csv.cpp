#include "csv.hpp"

#include <sstream>

namespace mailblock::host {

namespace {

// The separator is the one of "," and ";" that occurs first outside quotes in the header line.
char detectSeparator(const std::string& header_line) {
    bool quoted = false;
    for (char c : header_line) {
        if (c == '"') quoted = !quoted;
        if (!quoted && (c == ',' || c == ';')) return c;
    }
    return ',';
}

}  // namespace

CsvReader::CsvReader(std::istream& in) : in_(in) {
    // Read ahead to the end of the header's first line (outside quotes) to choose the separator.
    bool quoted = false;
    while (buffer_pos_ < buffer_end_ || fill()) {
        const char c = buffer_[buffer_pos_++];
        pending_ += c;
        if (c == '"') quoted = !quoted;
        if (!quoted && c == '\n') break;
        if (pending_.size() > kMaxCsvFieldBytes) throw CsvError("the CSV header line is longer than 16 MB");
    }
    if (pending_.rfind("\xEF\xBB\xBF", 0) == 0) pending_pos_ = 3;
    sep_ = detectSeparator(pending_.substr(pending_pos_));
    if (!record(header_)) throw CsvError("the CSV file is empty: it needs a header row of variable names");
    for (const auto& name : header_)
        if (name.empty()) throw CsvError("the CSV header has an empty column name");
}

bool CsvReader::fill() {
    in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_pos_ = 0;
    buffer_end_ = static_cast<size_t>(in_.gcount());
    return buffer_end_ > 0;
}

int CsvReader::get() {
    if (pending_pos_ < pending_.size()) return static_cast<unsigned char>(pending_[pending_pos_++]);
    if (buffer_pos_ == buffer_end_ && !fill()) return EOF;
    return static_cast<unsigned char>(buffer_[buffer_pos_++]);
}

int CsvReader::peek() {
    if (pending_pos_ < pending_.size()) return static_cast<unsigned char>(pending_[pending_pos_]);
    if (buffer_pos_ == buffer_end_ && !fill()) return EOF;
    return static_cast<unsigned char>(buffer_[buffer_pos_]);
}

// One record; false when the input ends before any field. Blank lines are skipped.
bool CsvReader::record(std::vector<std::string>& row) {
    // The row's strings are reused from the last record (their buffers swapped in and out of `field`).
    std::string field;
    size_t fields = 0;
    auto push = [&] {
        if (fields < row.size()) row[fields].swap(field);
        else row.push_back(std::move(field));
        field.clear();
        ++fields;
    };
    bool quoted = false, any = false;
    for (int c; (c = get()) != EOF;) {
        if (field.size() > kMaxCsvFieldBytes)
            throw CsvError("CSV line " + std::to_string(line_) + ": a field is longer than 16 MB");
        if (quoted) {
            if (c == '"' && peek() == '"') {
                field += '"';
                get();
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n') ++line_;
                field += static_cast<char>(c);
            }
            continue;
        }
        if (c == '"' && field.empty()) {
            quoted = any = true;
        } else if (c == sep_) {
            push();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && peek() == '\n') get();
            ++line_;
            if (any || !field.empty()) {
                push();
                row.resize(fields);
                return true;
            }
        } else if (c == '"') {
            throw CsvError("CSV line " + std::to_string(line_) + ": a quote inside an unquoted field");
        } else {
            field += static_cast<char>(c);
            any = true;
        }
    }
    if (quoted) throw CsvError("CSV line " + std::to_string(line_) + ": a quoted field is not closed");
    if (any || !field.empty()) {
        push();
        row.resize(fields);
        return true;
    }
    row.clear();
    return false;
}

bool CsvReader::next(std::vector<std::string>& row) {
    if (!record(row)) return false;
    ++rows_;
    if (row.size() != header_.size())
        throw CsvError("CSV row " + std::to_string(rows_ + 1) + " has " + std::to_string(row.size()) +
                       " fields, the header " + std::to_string(header_.size()));
    return true;
}

std::vector<std::map<std::string, std::string>> parseCsvRows(const std::string& text) {
    std::istringstream in(text);
    CsvReader reader(in);
    std::vector<std::map<std::string, std::string>> rows;
    std::vector<std::string> values;
    while (reader.next(values)) {
        std::map<std::string, std::string> row;
        for (size_t c = 0; c < values.size(); ++c) row[reader.header()[c]] = values[c];
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace mailblock::host
