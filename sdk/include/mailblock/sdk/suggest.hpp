// "Did you mean": the closest known name to a mistyped one, by edit distance over Unicode letters (case-folded,
// Cyrillic included), matched against ids and titles alike, because diagram authors think in titles ("Сервр").
// Header-only and free of state: the host uses it for commands, options, block types, ports and enum values.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace mailblock::sdk {

// One name a user may have meant: the id to suggest and, optionally, its titles (matched too, shown after the id).
struct Suggestable {
    std::string id;
    std::string title;                      // shown in parentheses after the id, in the user's language; may be empty
    std::vector<std::string> other_titles;  // matched but not shown (the other language's title)
};

namespace suggest_detail {

// UTF-8 to code points, lower-cased for ASCII and the Russian alphabet; invalid bytes stay as themselves.
inline std::u32string folded(const std::string& s) {
    std::u32string out;
    for (size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        char32_t cp = c;
        size_t len = 1;
        if (c >= 0xC0 && c < 0xE0 && i + 1 < s.size())
            cp = ((c & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu), len = 2;
        else if (c >= 0xE0 && c < 0xF0 && i + 2 < s.size())
            cp = ((c & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu), len = 3;
        if ((cp >= 'A' && cp <= 'Z') || (cp >= 0x410 && cp <= 0x42F))
            cp += 32;  // A..Z -> a..z, А..Я -> а..я
        else if (cp == 0x401)
            cp = 0x451;                        // Ё -> ё
        if (cp == '_' || cp == '-') cp = ' ';  // "sender_email", "sender-email" and "sender email" alike
        out += cp;
        i += len;
    }
    return out;
}

}  // namespace suggest_detail

// Edit distance between two names after folding (see above): insertions, deletions, substitutions and swaps of
// two neighbours ("rnu" is one edit from "run"), each counting one.
inline size_t editDistance(const std::string& a, const std::string& b) {
    std::u32string x = suggest_detail::folded(a), y = suggest_detail::folded(b);
    std::vector<std::vector<size_t>> d(x.size() + 1, std::vector<size_t>(y.size() + 1));
    for (size_t i = 0; i <= x.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= y.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= x.size(); ++i)
        for (size_t j = 1; j <= y.size(); ++j) {
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)});
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[x.size()][y.size()];
}

// The candidate closest to `typed` by id or any title, if it is close enough to be a typo (up to 1 edit for
// names of up to 3 letters, 2 up to 6, then 3); the first of equally close ones.
inline std::optional<Suggestable> closest(const std::string& typed, const std::vector<Suggestable>& candidates) {
    size_t length = suggest_detail::folded(typed).size();
    size_t best = (length <= 3 ? 1 : length <= 6 ? 2 : 3) + 1;  // one more than the largest typo we accept
    std::optional<Suggestable> found;
    for (const auto& c : candidates) {
        size_t d = editDistance(typed, c.id);
        if (!c.title.empty()) d = std::min(d, editDistance(typed, c.title));
        for (const auto& t : c.other_titles) d = std::min(d, editDistance(typed, t));
        if (d < best) {
            best = d;
            found = c;
        }
    }
    return found;
}

// ` did you mean "server" (Сервер)?` (a leading space; English or Russian), or "" when nothing is close.
inline std::string didYouMean(const std::string& typed, const std::vector<Suggestable>& candidates,
                              const std::string& lang = "en") {
    std::optional<Suggestable> c = closest(typed, candidates);
    if (!c) return "";
    std::string shown = "\"" + c->id + "\"" + (c->title.empty() || c->title == c->id ? "" : " (" + c->title + ")");
    return (lang == "ru" ? "; возможно, имелось в виду " : "; did you mean ") + shown + "?";
}

// Plain names (commands, options) as candidates.
inline std::vector<Suggestable> suggestables(const std::vector<std::string>& names) {
    std::vector<Suggestable> out;
    out.reserve(names.size());
    for (const auto& n : names) out.push_back({n, "", {}});
    return out;
}

}  // namespace mailblock::sdk
