#include "help_pages.hpp"

#include <functional>

#include "mailblock/sdk/html.hpp"
#include "mailblock/sdk/json.hpp"

namespace mailblock::host {

namespace {

using sdk::Localized;
using sdk::Port;
using sdk::PortType;

const char* typeTitle(PortType t, bool ru) {
    if (!ru) return sdk::portTypeName(t);
    switch (t) {
        case PortType::Text: return "Текст";
        case PortType::Number: return "Число";
        case PortType::Boolean: return "Логическое";
        case PortType::SecureString: return "SecureString";
        case PortType::List: return "Список";
        case PortType::Dictionary: return "Словарь";
        case PortType::Object: return "Объект";
        case PortType::Enum: return "Перечисление";
    }
    return "?";
}

std::string typesTitle(const Port& p, bool ru) {
    std::string t;
    for (PortType type : p.types) {
        if (!t.empty()) t += "/";
        t += typeTitle(type, ru);
    }
    return t;
}

std::string defaultText(const Port& p) {
    return p.default_value.isNull() ? "" : sdk::json::write(p.default_value, sdk::json::Form::Display);
}

std::string descriptionWithValues(const Port& p, bool ru) {
    std::string d = p.description.in(ru ? "ru" : "en");
    if (p.enum_values.empty()) return d;
    d += ru ? " Значения: " : " Values: ";
    for (size_t i = 0; i < p.enum_values.size(); ++i) d += (i ? " / " : "") + p.enum_values[i];
    d += ".";
    return d;
}

// The words of a page, in its language.
struct Words {
    const char *inputs, *outputs, *port, *type, *required, *yes, *def, *description, *notes, *levels, *levels_text;
};

const Words kRu{"Входные параметры", "Выходные параметры", "Параметр", "Тип", "Обязательный", "да",
                "По умолчанию", "Описание", "Примечания", "Уровни",
                "Уровень обработки и уровень сообщений со значением Default берутся из блока «Старт» диаграммы. "
                "Ignore — ошибка блока не останавливает диаграмму; Handle — диаграмма идёт по ветке ошибки блока. "
                "Пароли и токены не выводятся ни на каком уровне сообщений."};
const Words kEn{"Inputs", "Outputs", "Port", "Type", "Required", "yes", "Default", "Description", "Notes", "Levels",
                "Error level and message level set to Default take the values of the diagram's Start block. "
                "Ignore: a failure of the block does not stop the diagram; Handle: the diagram follows the block's "
                "error path. Passwords and tokens are never shown, at any message level."};

// One writer per format: headings, paragraphs, tables, lists.
struct Writer {
    std::function<std::string(const std::string&)> escape;
    std::function<std::string(int, const std::string&)> heading;
    std::function<std::string(const std::string&)> paragraph;
    std::function<std::string(const std::vector<std::string>&, const std::vector<std::vector<std::string>>&)> table;
    std::function<std::string(const std::vector<std::string>&)> list;
};

std::string markdownCell(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '|') out += "\\|";
        else if (c == '\n') out += ' ';
        else out += c;
    }
    return out;
}

Writer markdownWriter() {
    Writer w;
    w.escape = markdownCell;
    w.heading = [](int level, const std::string& t) { return std::string(static_cast<size_t>(level), '#') + " " + t + "\n\n"; };
    w.paragraph = [](const std::string& t) { return t + "\n\n"; };
    w.table = [](const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows) {
        std::string out = "|";
        for (const auto& h : head) out += " " + h + " |";
        out += "\n|";
        for (size_t i = 0; i < head.size(); ++i) out += "---|";
        out += "\n";
        for (const auto& row : rows) {
            out += "|";
            for (const auto& cell : row) out += " " + cell + " |";
            out += "\n";
        }
        return out + "\n";
    };
    w.list = [](const std::vector<std::string>& items) {
        std::string out;
        for (const auto& i : items) out += "- " + i + "\n";
        return out + "\n";
    };
    return w;
}

Writer htmlWriter() {
    Writer w;
    w.escape = [](const std::string& text) { return sdk::escapeHtml(text); };
    w.heading = [](int level, const std::string& t) {
        std::string h = "h" + std::to_string(level);
        return "<" + h + ">" + t + "</" + h + ">\n";
    };
    w.paragraph = [](const std::string& t) { return "<p>" + t + "</p>\n"; };
    w.table = [](const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows) {
        std::string out = "<table class=\"ports\">\n<thead><tr>";
        for (const auto& h : head) out += "<th>" + h + "</th>";
        out += "</tr></thead>\n<tbody>\n";
        for (const auto& row : rows) {
            out += "<tr>";
            for (const auto& cell : row) out += "<td>" + cell + "</td>";
            out += "</tr>\n";
        }
        return out + "</tbody>\n</table>\n";
    };
    w.list = [](const std::vector<std::string>& items) {
        std::string out = "<ul>\n";
        for (const auto& i : items) out += "<li>" + i + "</li>\n";
        return out + "</ul>\n";
    };
    return w;
}

std::string pageBody(const sdk::BlockDescriptor& d, bool ru, const Writer& w) {
    const Words& words = ru ? kRu : kEn;
    const std::string lang = ru ? "ru" : "en";
    auto portName = [&](const Port& p) { return w.escape(p.title.in(lang)) + " (" + w.escape(p.id) + ")"; };
    std::string out = w.heading(1, w.escape(d.title.in(lang)));
    out += w.paragraph(w.escape(d.description.in(lang)));
    out += w.paragraph(w.escape(d.id + " · " + d.version + " · " + d.category.in(lang)));
    // One table of the inputs in `group` ("": the ports without a group), in the descriptor's order.
    auto inputTable = [&](const std::string& group) {
        std::vector<std::vector<std::string>> rows;
        for (const auto& p : d.inputs)
            if (p.group == group)
                rows.push_back({portName(p), w.escape(typesTitle(p, ru)), p.required ? words.yes : "",
                                w.escape(defaultText(p)), w.escape(descriptionWithValues(p, ru))});
        return rows.empty() ? std::string() : w.table({words.port, words.type, words.required, words.def, words.description}, rows);
    };
    out += w.heading(2, words.inputs);
    out += inputTable("");
    for (const auto& g : d.groups)
        if (std::string table = inputTable(g.id); !table.empty()) out += w.heading(3, w.escape(g.title.in(lang))) + table;
    std::vector<std::vector<std::string>> outputs;
    for (const auto& p : d.outputs)
        outputs.push_back({portName(p), w.escape(typesTitle(p, ru)), w.escape(p.description.in(lang))});
    out += w.heading(2, words.outputs);
    out += w.table({words.port, words.type, words.description}, outputs);
    out += w.heading(2, words.levels);
    out += w.paragraph(words.levels_text);
    if (!d.notes.empty()) {
        std::vector<std::string> notes;
        for (const Localized& n : d.notes) notes.push_back(w.escape(n.in(lang)));
        out += w.heading(2, words.notes);
        out += w.list(notes);
    }
    return out;
}

const char* kHtmlStyle =
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}"
    "table.ports{border-collapse:collapse;width:100%}"
    "table.ports th,table.ports td{border:1px solid #bbb;padding:.3em .5em;vertical-align:top;text-align:left}"
    "table.ports th{background:#eef}table.ports td:last-child{width:45%}";

}  // namespace

std::string helpPage(const sdk::BlockDescriptor& d, const std::string& lang, PageFormat format) {
    bool ru = lang != "en";
    if (format == PageFormat::Markdown) {
        std::string page = pageBody(d, ru, markdownWriter());
        page.pop_back();  // one newline at the end of the file
        return page;
    }
    return "<!DOCTYPE html>\n<html lang=\"" + std::string(ru ? "ru" : "en") + "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
           sdk::escapeHtml(d.title.in(ru ? "ru" : "en")) + "</title>\n<style>" + kHtmlStyle + "</style>\n</head>\n<body>\n" +
           pageBody(d, ru, htmlWriter()) + "</body>\n</html>\n";
}

std::string helpFileName(const std::string& block_id, const std::string& lang, PageFormat format) {
    return block_id + "." + (lang == "en" ? "en" : "ru") + (format == PageFormat::Markdown ? ".md" : ".html");
}

}  // namespace mailblock::host
