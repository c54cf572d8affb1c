// The rows of a mailing (`rpa run --each`): each row's identity (its key), the first pass that checks every row
// before anything is sent, and the binding of one row into the diagram that runs it.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "diagram.hpp"
#include "row_key.hpp"

namespace mailblock::host {

// A row's identity: a hash of its column names and values (not its position), so a rerun finds it again
// after rows were added or reordered. Rows with the same values send the same message to the same recipient.
RowKey rowKey(const std::vector<std::string>& header, const std::vector<std::string>& values);

// The Message-ID a sending block gets for a row (without "@domain": the block adds its sender's domain). The
// same mailing, row and block always give the same id, so a resent row keeps its id.
std::string rowMessageId(const std::string& mailing, const RowKey& key, const std::string& block_id);

struct RowsCheck {
    size_t rows = 0;
    std::unordered_map<RowKey, uint32_t, RowKeyHash> first_row;  // key -> the first row (1-based) with it
    std::vector<std::string> duplicates;                         // "row 7 repeats row 3"
    std::vector<RowKey> keys;  // each row's key in the file's order (row n at n - 1): counting needs no second read
};

// The first pass over the CSV: every row's shape and every value a variable gives a port, checked as the run
// will convert it. Keeps no diagrams, only the keys. Throws CsvError, or InvalidDiagram listing the rows' problems.
RowsCheck checkRows(const std::string& csv_path, const Diagram& d);

// Binds a row into the diagram: each column becomes the variable of its name.
void bindRow(Diagram& d, const std::vector<std::string>& header, const std::vector<std::string>& values);

}  // namespace mailblock::host
