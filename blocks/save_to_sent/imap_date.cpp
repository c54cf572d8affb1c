#include "save_to_sent/imap_date.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <iterator>
#include <sstream>

namespace mailblock::save_to_sent {

namespace {

// A whole field of decimal digits within [low, high]; nothing else accepted.
bool readNumber(const std::string& text, int low, int high, int& out) {
    const char* end = text.data() + text.size();
    auto [stop, error] = std::from_chars(text.data(), end, out);
    return error == std::errc() && stop == end && !text.empty() && out >= low && out <= high;
}

// "HH:MM:SS".
bool readTime(const std::string& text, int& h, int& m, int& s) {
    if (text.size() != 8 || text[2] != ':' || text[5] != ':') return false;
    return readNumber(text.substr(0, 2), 0, 23, h) && readNumber(text.substr(3, 2), 0, 59, m) &&
           readNumber(text.substr(6, 2), 0, 60, s);
}

}  // namespace

std::string imapInternalDate(const std::string& date) {
    // Skip an optional "Wed, " day name.
    std::string s = date;
    if (size_t comma = s.find(','); comma != std::string::npos) s = s.substr(comma + 1);
    std::istringstream in(s);
    std::string day_text, month, year_text, time, zone;
    if (!(in >> day_text >> month >> year_text >> time >> zone)) return {};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    bool known = std::find(std::begin(months), std::end(months), month) != std::end(months);
    int zone_value = 0;
    bool zone_ok = zone.size() == 5 && (zone[0] == '+' || zone[0] == '-') && readNumber(zone.substr(1), 0, 9999, zone_value);
    int day = 0, year = 0, h = 0, m = 0, sec = 0;
    if (!known || !zone_ok || !readNumber(day_text, 1, 31, day) || !readNumber(year_text, 1900, 9999, year) ||
        !readTime(time, h, m, sec))
        return {};
    return fmt::format("{:2d}-{}-{:04d} {:02d}:{:02d}:{:02d} {}", day, month, year, h, m, sec, zone);
}

}  // namespace mailblock::save_to_sent
