// CSV for `rpa run --each`: RFC 4180 (quoted fields with commas, quotes and line breaks), a header row of
// variable names, "," or ";" as the separator (Russian Excel writes ";"), UTF-8 with or without a BOM.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace mailblock::host {

struct CsvError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// One map per data row: header name -> value. Throws CsvError naming the line for a malformed file.
std::vector<std::map<std::string, std::string>> parseCsvRows(const std::string& text);

}  // namespace mailblock::host
