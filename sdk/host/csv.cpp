#include "csv.hpp"

namespace mailblock::host {

namespace {

// The separator is the one of "," and ";" that occurs first outside quotes in the header line.
char detectSeparator(const std::string& text) {
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        if (!quoted && (c == ',' || c == ';')) return c;
        if (!quoted && c == '\n') break;
    }
    return ',';
}

std::vector<std::vector<std::string>> records(const std::string& text, char sep) {
    std::vector<std::vector<std::string>> out;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, any = false;
    size_t line = 1;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            continue;
        }
        if (c == '"' && field.empty()) {
            quoted = any = true;
        } else if (c == sep) {
            row.push_back(std::move(field));
            field.clear();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            if (any || !field.empty()) {
                row.push_back(std::move(field));
                out.push_back(std::move(row));
            }
            row.clear();
            field.clear();
            any = false;
            ++line;
        } else if (c == '"') {
            throw CsvError("CSV line " + std::to_string(line) + ": a quote inside an unquoted field");
        } else {
            field += c;
            any = true;
        }
    }
    if (quoted) throw CsvError("CSV line " + std::to_string(line) + ": a quoted field is not closed");
    if (any || !field.empty()) {
        row.push_back(std::move(field));
        out.push_back(std::move(row));
    }
    return out;
}

}  // namespace

std::vector<std::map<std::string, std::string>> parseCsvRows(const std::string& input) {
    std::string text = input.rfind("\xEF\xBB\xBF", 0) == 0 ? input.substr(3) : input;
    auto recs = records(text, detectSeparator(text));
    if (recs.empty()) throw CsvError("the CSV file is empty: it needs a header row of variable names");
    const auto& header = recs.front();
    for (const auto& name : header)
        if (name.empty()) throw CsvError("the CSV header has an empty column name");
    std::vector<std::map<std::string, std::string>> rows;
    for (size_t r = 1; r < recs.size(); ++r) {
        if (recs[r].size() != header.size())
            throw CsvError("CSV row " + std::to_string(r + 1) + " has " + std::to_string(recs[r].size()) + " fields, the header " +
                           std::to_string(header.size()));
        std::map<std::string, std::string> row;
        for (size_t c = 0; c < header.size(); ++c) row[header[c]] = recs[r][c];
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace mailblock::host
