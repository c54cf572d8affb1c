// CSV for `rpa run --each`: RFC 4180 (quoted fields with commas, quotes and line breaks), a header row of
// variable names, "," or ";" as the separator (Russian Excel writes ";"), UTF-8 with or without a BOM.
// Read as a stream, one row at a time, so a mailing of any size holds one row in memory.
#pragma once

#include <istream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace mailblock::host {

struct CsvError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

constexpr size_t kMaxCsvFieldBytes =
    size_t{16} * 1024 * 1024;  // a body written into a cell fits; a runaway quote does not

// Reads the header on construction, then one data row per next(). Throws CsvError naming the line for a
// malformed file. Borrows the stream, which must outlive the reader.
class CsvReader {
public:
    explicit CsvReader(std::istream& in);
    const std::vector<std::string>& header() const { return header_; }
    // The next data row (one value per header column); false at the end of the file.
    bool next(std::vector<std::string>& row);
    size_t rowNumber() const { return rows_; }  // data rows read so far; the header is not counted

private:
    bool record(std::vector<std::string>& out);
    int get();
    int peek();
    bool fill();  // reads the next chunk of the stream into buffer_; false at its end

    std::istream& in_;
    std::vector<char> buffer_ = std::vector<char>(size_t{64} * 1024);  // read a chunk at a time, not a byte per call
    size_t buffer_pos_ = 0, buffer_end_ = 0;
    char sep_ = ',';
    std::string pending_;  // the header line's bytes, read ahead to find the separator
    size_t pending_pos_ = 0;
    size_t line_ = 1;
    size_t rows_ = 0;
    std::vector<std::string> header_;
};

// One map per data row: header name -> value (the whole file at once; tests and small files).
std::vector<std::map<std::string, std::string>> parseCsvRows(const std::string& text);

}  // namespace mailblock::host
