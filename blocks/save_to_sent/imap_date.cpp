#include "save_to_sent/imap_date.hpp"

#include <cstdio>
#include <cstring>

namespace mailblock::save_to_sent {

std::string imapInternalDate(const std::string& date) {
    // Skip an optional "Wed, " day name.
    std::string s = date;
    if (size_t comma = s.find(','); comma != std::string::npos) s = s.substr(comma + 1);
    int day = 0, year = 0, h = 0, m = 0, sec = 0;
    char month[4] = {0}, zone[6] = {0};
    if (std::sscanf(s.c_str(), " %d %3s %d %d:%d:%d %5s", &day, month, &year, &h, &m, &sec, zone) != 7) return {};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    bool known = false;
    for (const char* mo : months) known = known || std::strcmp(mo, month) == 0;
    bool zone_ok = (zone[0] == '+' || zone[0] == '-') && std::strlen(zone) == 5;
    if (!known || !zone_ok || day < 1 || day > 31 || year < 1900 || h > 23 || m > 59 || sec > 60) return {};
    char out[64];
    std::snprintf(out, sizeof out, "%2d-%s-%04d %02d:%02d:%02d %s", day, month, year, h, m, sec, zone);
    return out;
}

}  // namespace mailblock::save_to_sent
