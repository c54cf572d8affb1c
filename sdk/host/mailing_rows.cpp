#include "mailing_rows.hpp"

#include <algorithm>
#include <fstream>

#include "convert.hpp"
#include "csv.hpp"
#include "mailblock/sdk/sha256.hpp"

namespace mailblock::host {

namespace {

// A port fed by a variable: where a column's value goes.
struct VariablePort {
    std::string block;
    const sdk::Port* port;
};

constexpr size_t kMaxProblemsShown = 20;

}  // namespace

RowKey rowKey(const std::vector<std::string>& header, const std::vector<std::string>& values) {
    std::vector<size_t> order(header.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return header[a] < header[b]; });
    std::string data;
    for (size_t i : order) {
        data += header[i];
        data += '\0';
        data += values[i];
        data += '\0';
    }
    const sdk::sha256::Digest d = sdk::sha256::digest(data);
    RowKey key;
    for (size_t i = 0; i < 8; ++i) {
        key.hi = key.hi << 8 | d[i];
        key.lo = key.lo << 8 | d[8 + i];
    }
    return key;
}

std::string rowMessageId(const std::string& mailing, const RowKey& key, const std::string& block_id) {
    return "mb." + mailing + "." + sdk::sha256::hex(sdk::sha256::digest(mailing + "/" + key.hex() + "/" + block_id), 20);
}

RowsCheck checkRows(const std::string& csv_path, const Diagram& d) {
    std::ifstream in(csv_path, std::ios::binary);
    if (!in) throw CsvError("cannot read " + csv_path);
    CsvReader reader(in);
    const auto& header = reader.header();
    std::vector<std::vector<VariablePort>> ports(header.size());  // per column
    for (size_t c = 0; c < header.size(); ++c)
        for (const auto& [id, b] : d.blocks)
            for (const auto& [port_id, src] : b.inputs)
                if (src.kind == InputSource::Kind::Variable && src.name == header[c])
                    ports[c].push_back({id, b.block->descriptor.input(port_id)});

    RowsCheck check;
    std::vector<std::string> problems;
    size_t rows_with_problems = 0;
    std::vector<std::string> values;
    while (reader.next(values)) {
        size_t row = ++check.rows;
        bool bad = false;
        for (size_t c = 0; c < header.size(); ++c)
            for (const auto& vp : ports[c]) {
                Converted conv = convertForPort(*vp.port, sdk::Value::text(values[c]), d.language);
                std::string error = conv.error;
                if (conv.ok() && conv.value.isNull() && vp.port->required && vp.port->default_value.isNull())
                    error = d.language == "ru" ? "нужно значение" : "needs a value";
                if (error.empty()) continue;
                bad = true;
                if (problems.size() < kMaxProblemsShown)
                    problems.push_back("row " + std::to_string(row) + ", column \"" + header[c] + "\": block \"" +
                                       vp.block + "\", port \"" + vp.port->id + "\" " + error);
            }
        rows_with_problems += bad;
        check.keys.push_back(rowKey(header, values));
        auto [it, fresh] = check.first_row.emplace(check.keys.back(), static_cast<uint32_t>(row));
        if (!fresh)
            check.duplicates.push_back("row " + std::to_string(row) + " repeats row " + std::to_string(it->second));
    }
    if (!problems.empty()) {
        if (rows_with_problems > kMaxProblemsShown)
            problems.push_back("… " + std::to_string(rows_with_problems) + " rows have problems in all");
        throw InvalidDiagram(problems);
    }
    return check;
}

void bindRow(Diagram& d, const std::vector<std::string>& header, const std::vector<std::string>& values) {
    for (size_t c = 0; c < header.size(); ++c) d.variables[header[c]] = sdk::Value::text(values[c]);
}

}  // namespace mailblock::host
