// A typed value as it travels between ports. Header-only; no dependency beyond the standard library.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace mailblock::sdk {

enum class ValueType { Null, Boolean, Number, Text, Secret, List, Dictionary, Object };

inline const char* typeName(ValueType t) {
    switch (t) {
        case ValueType::Null: return "Null";
        case ValueType::Boolean: return "Boolean";
        case ValueType::Number: return "Number";
        case ValueType::Text: return "Text";
        case ValueType::Secret: return "SecureString";
        case ValueType::List: return "List";
        case ValueType::Dictionary: return "Dictionary";
        case ValueType::Object: return "Object";
    }
    return "?";
}

struct Member;

// Dictionary and Object keep their members in insertion order (attachments are shown in the order given).
class Value {
public:
    Value() = default;
    static Value boolean(bool b) { Value v(ValueType::Boolean); v.bool_ = b; return v; }
    static Value number(double n) { Value v(ValueType::Number); v.number_ = n; return v; }
    static Value text(std::string s) { Value v(ValueType::Text); v.text_ = std::move(s); return v; }
    // A secret's text is readable by the block that needs it; every printing path masks it.
    static Value secret(std::string s) { Value v(ValueType::Secret); v.text_ = std::move(s); return v; }
    static Value list(std::vector<Value> items = {}) { Value v(ValueType::List); v.items_ = std::move(items); return v; }
    static inline Value dictionary(std::vector<Member> members = {});
    static inline Value object(std::vector<Member> members = {});

    ValueType type() const { return type_; }
    bool isNull() const { return type_ == ValueType::Null; }
    bool asBool() const { expect(ValueType::Boolean); return bool_; }
    double asNumber() const { expect(ValueType::Number); return number_; }
    // Text of a Text or SecureString value.
    const std::string& asText() const {
        if (type_ != ValueType::Text && type_ != ValueType::Secret) fail(ValueType::Text);
        return text_;
    }
    const std::vector<Value>& items() const { expect(ValueType::List); return items_; }
    std::vector<Value>& items() { expect(ValueType::List); return items_; }
    inline const std::vector<Member>& members() const;
    inline std::vector<Member>& members();
    // Member of a Dictionary/Object by key, or nullptr.
    inline const Value* find(const std::string& key) const;
    // The text of member `key` (Text or SecureString); empty when there is none or it is not text.
    inline std::string textOf(const std::string& key) const;
    // Sets (or replaces) a member of a Dictionary/Object.
    inline Value& set(const std::string& key, Value v);

    inline bool operator==(const Value& o) const;
    bool operator!=(const Value& o) const { return !(*this == o); }

private:
    explicit Value(ValueType t) : type_(t) {}
    void expect(ValueType t) const { if (type_ != t) fail(t); }
    [[noreturn]] void fail(ValueType wanted) const {
        throw std::logic_error(std::string("value is ") + typeName(type_) + ", not " + typeName(wanted));
    }
    bool isMap() const { return type_ == ValueType::Dictionary || type_ == ValueType::Object; }

    ValueType type_ = ValueType::Null;
    bool bool_ = false;
    double number_ = 0;
    std::string text_;
    std::vector<Value> items_;
    std::vector<Member> members_;
};

struct Member {
    std::string key;
    Value value;
    bool operator==(const Member& o) const { return key == o.key && value == o.value; }
};

inline Value Value::dictionary(std::vector<Member> members) {
    Value v(ValueType::Dictionary);
    v.members_ = std::move(members);
    return v;
}
inline Value Value::object(std::vector<Member> members) {
    Value v(ValueType::Object);
    v.members_ = std::move(members);
    return v;
}
inline const std::vector<Member>& Value::members() const {
    if (!isMap()) fail(ValueType::Dictionary);
    return members_;
}
inline std::vector<Member>& Value::members() {
    if (!isMap()) fail(ValueType::Dictionary);
    return members_;
}
inline const Value* Value::find(const std::string& key) const {
    if (!isMap()) return nullptr;
    for (const auto& m : members_)
        if (m.key == key) return &m.value;
    return nullptr;
}
inline std::string Value::textOf(const std::string& key) const {
    const Value* v = find(key);
    return v && (v->type_ == ValueType::Text || v->type_ == ValueType::Secret) ? v->text_ : std::string();
}

inline Value& Value::set(const std::string& key, Value v) {
    for (auto& m : members())
        if (m.key == key) return m.value = std::move(v);
    members_.push_back(Member{key, std::move(v)});
    return members_.back().value;
}
inline bool Value::operator==(const Value& o) const {
    if (type_ != o.type_) return false;
    switch (type_) {
        case ValueType::Null: return true;
        case ValueType::Boolean: return bool_ == o.bool_;
        case ValueType::Number: return number_ == o.number_;
        case ValueType::Text:
        case ValueType::Secret: return text_ == o.text_;
        case ValueType::List: return items_ == o.items_;
        case ValueType::Dictionary:
        case ValueType::Object: return members_ == o.members_;
    }
    return false;
}

}  // namespace mailblock::sdk
