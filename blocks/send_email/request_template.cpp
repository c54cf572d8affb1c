// «Шаблон»: the body (and the subject's {{name}} places) filled from «Значения для шаблона», then from the
// diagram's variables.
#include <fmt/format.h>

#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "common/i18n.hpp"
#include "send_email/descriptor.hpp"
#include "send_email/message/template.hpp"
#include "send_email/request_features.hpp"

namespace mailblock::send_email {

using common::tr;
using sdk::Value;
using sdk::ValueType;

namespace {

constexpr size_t kMaxTemplateBytes = size_t{4} << 20;

// A value a {{name}} place can show: text, a number or true/false; nullopt for anything else.
std::optional<std::string> placeText(const Value& v) {
    if (v.type() == ValueType::Text) return v.asText();
    if (v.type() == ValueType::Number) return fmt::format("{}", v.asNumber());
    if (v.type() == ValueType::Boolean) return std::string(v.asBool() ? "true" : "false");
    return std::nullopt;
}

std::map<std::string, std::string> templateValues(const sdk::Context& ctx, const Problem& problem) {
    std::map<std::string, std::string> values;
    const Value v = ctx.input(port::kTemplateValues);
    if (!isMap(v)) return values;
    for (const auto& m : v.members()) {
        if (auto text = placeText(m.value)) values[m.key] = *text;
        else
            problem(port::kTemplateValues, tr(ctx.language(), "значение \"" + m.key + "\" должно быть текстом, числом или да/нет",
                                              "value \"" + m.key + "\" must be text, a number or true/false"));
    }
    return values;
}

// The places «Значения для шаблона» leaves open, taken from the diagram's variables of the same name (a CSV
// row's columns with --each): the port's value wins.
void addVariables(const sdk::Context& ctx, const std::vector<std::string>& names, std::map<std::string, std::string>& values) {
    for (const auto& name : names) {
        if (values.count(name)) continue;
        if (auto v = ctx.variable(name))
            if (auto text = placeText(*v)) values[name] = *text;
    }
}

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Fills `text`; a missing value or an unclosed "{{" is a problem on `port`.
std::string fill(const sdk::Context& ctx, const char* port, const std::string& text,
                 std::map<std::string, std::string> values, bool html, const Problem& problem) {
    message::FilledTemplate f = message::fillTemplate(text, values, html);
    if (!f.missing.empty()) {
        addVariables(ctx, f.missing, values);
        f = message::fillTemplate(text, values, html);
    }
    const std::string& lang = ctx.language();
    for (const auto& name : f.missing)
        problem(port, tr(lang, "нет значения для {{" + name + "}} (добавьте его в «Значения для шаблона» или в переменные схемы)",
                         "no value for {{" + name + "}} (add it to Template values or to the diagram's variables)"));
    if (f.unclosed) problem(port, tr(lang, "«{{» без закрывающих «}}»", "\"{{\" without its closing \"}}\""));
    return f.text;
}

}  // namespace

void readTemplate(const sdk::Context& ctx, SendRequest& r, const Problem& problem) {
    const std::string path = ctx.text(port::kTemplate);
    message::MessageSpec& m = r.message;
    const std::string& lang = ctx.language();
    if (path.empty()) {
        if (isMap(ctx.input(port::kTemplateValues)))
            m.subject = fill(ctx, port::kSubject, m.subject, templateValues(ctx, problem), false, problem);
        return;
    }
    if (!m.body.empty()) {
        problem(port::kTemplate, tr(lang, "укажите либо «Текст письма», либо «Шаблон»", "give either Body or Template, not both"));
        return;
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    if (!in || in.bad()) {
        problem(port::kTemplate, tr(lang, "файл \"" + path + "\" не прочитать", "cannot read the file \"" + path + "\""));
        return;
    }
    if (text.str().size() > kMaxTemplateBytes) {
        problem(port::kTemplate, tr(lang, "файл больше 4 МБ", "the file is larger than 4 MB"));
        return;
    }
    std::string lower = path;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    m.html = endsWith(lower, ".html") || endsWith(lower, ".htm");
    const auto values = templateValues(ctx, problem);
    m.body = fill(ctx, port::kTemplate, text.str(), values, m.html, problem);
    m.subject = fill(ctx, port::kSubject, m.subject, values, false, problem);
}

}  // namespace mailblock::send_email
