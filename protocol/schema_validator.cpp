#include "protocol/schema_validator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace protocol {
namespace {

bool has_type(const Json& value, const std::string& type) {
    if (type == "string") {
        return value.is_string();
    }
    if (type == "integer") {
        // JSON Schema counts 5000.0 as an integer; beyond 2^53 a double no longer says which integer.
        constexpr double exact_limit = 9007199254740992.0;
        return value.is_number_integer() || value.is_number_unsigned() ||
               (value.is_number_float() && std::isfinite(value.get<double>()) &&
                std::floor(value.get<double>()) == value.get<double>() &&
                std::fabs(value.get<double>()) <= exact_limit);
    }
    if (type == "number") {
        return value.is_number();
    }
    if (type == "boolean") {
        return value.is_boolean();
    }
    if (type == "object") {
        return value.is_object();
    }
    if (type == "array") {
        return value.is_array();
    }
    return type == "null" && value.is_null();
}

std::size_t code_points(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(
        text.begin(), text.end(), [](char c) { return (static_cast<std::uint8_t>(c) & 0xC0) != 0x80; }));
}

std::string field_name(const std::string& path) {
    return path.empty() ? "arguments" : path;
}

std::optional<std::string> check(const Json& value, const Json& schema, const std::string& path);

std::optional<std::string> check_type(const Json& value, const Json& schema, const std::string& path) {
    const auto type = schema.find("type");
    if (type == schema.end()) {
        return std::nullopt;
    }
    // Checked without copying the names: this runs for every argument of every call.
    const auto allows = [&](const Json& t) {
        return t.is_string() && has_type(value, t.get_ref<const std::string&>());
    };
    if (allows(*type) || (type->is_array() && std::any_of(type->begin(), type->end(), allows))) {
        return std::nullopt;
    }
    std::string expected;
    for (const Json& t : type->is_array() ? *type : Json::array({*type})) {
        if (t.is_string()) {
            expected += (expected.empty() ? "" : " or ") + t.get<std::string>();
        }
    }
    return field_name(path) + ": must be " + (expected.empty() ? "of another type" : "a " + expected) +
           ", got " + value.type_name();
}

std::optional<std::string> check_object(const Json& value, const Json& schema, const std::string& path) {
    const std::string prefix = path.empty() ? "" : path + ".";
    // A reference, not schema.value(): copying a tool's whole property table (descriptions and all)
    // for every call was most of the cost of validating one.
    static const Json no_properties = Json::object();
    const auto found = schema.find("properties");
    const Json& properties = found != schema.end() ? *found : no_properties;
    if (const auto required = schema.find("required"); required != schema.end()) {
        for (const Json& name : *required) {
            if (name.is_string() && !value.contains(name.get_ref<const std::string&>())) {
                return prefix + name.get<std::string>() + ": is required";
            }
        }
    }
    const auto additional = schema.find("additionalProperties");
    for (const auto& [key, member] : value.items()) {
        if (const auto property = properties.find(key); property != properties.end()) {
            if (auto error = check(member, *property, prefix + key)) {
                return error;
            }
        } else if (additional != schema.end()) {
            if (additional->is_boolean() && !additional->get<bool>()) {
                return prefix + key + ": unknown field (allowed: " + [&] {
                    std::string names;
                    for (const auto& [name, _] : properties.items()) {
                        names += (names.empty() ? "" : ", ") + name;
                    }
                    return names;
                }() + ")";
            }
            if (additional->is_object()) {
                if (auto error = check(member, *additional, prefix + key)) {
                    return error;
                }
            }
        }
    }
    return std::nullopt;
}

std::optional<std::string> check_array(const Json& value, const Json& schema, const std::string& path) {
    if (schema.contains("minItems") && value.size() < schema["minItems"].get<std::size_t>()) {
        return field_name(path) + ": must have at least " + schema["minItems"].dump() + " items";
    }
    if (schema.contains("maxItems") && value.size() > schema["maxItems"].get<std::size_t>()) {
        return field_name(path) + ": must have at most " + schema["maxItems"].dump() + " items";
    }
    if (const auto items = schema.find("items"); items != schema.end() && items->is_object()) {
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (auto error = check(value[i], *items, path + "[" + std::to_string(i) + "]")) {
                return error;
            }
        }
    }
    return std::nullopt;
}

std::optional<std::string> check(const Json& value, const Json& schema, const std::string& path) {
    if (!schema.is_object()) {
        return std::nullopt;
    }
    if (auto error = check_type(value, schema, path)) {
        return error;
    }
    if (const auto values = schema.find("enum"); values != schema.end()) {
        if (std::find(values->begin(), values->end(), value) == values->end()) {
            return field_name(path) + ": must be one of " + values->dump();
        }
    }
    if (value.is_number()) {
        if (schema.contains("minimum") && value.get<double>() < schema["minimum"].get<double>()) {
            return field_name(path) + ": must be at least " + schema["minimum"].dump();
        }
        if (schema.contains("maximum") && value.get<double>() > schema["maximum"].get<double>()) {
            return field_name(path) + ": must be at most " + schema["maximum"].dump();
        }
    }
    if (value.is_string()) {
        const std::size_t length = code_points(value.get_ref<const std::string&>());
        if (schema.contains("minLength") && length < schema["minLength"].get<std::size_t>()) {
            return field_name(path) + ": must be at least " + schema["minLength"].dump() + " characters";
        }
        if (schema.contains("maxLength") && length > schema["maxLength"].get<std::size_t>()) {
            return field_name(path) + ": must be at most " + schema["maxLength"].dump() + " characters";
        }
    }
    if (value.is_object()) {
        return check_object(value, schema, path);
    }
    if (value.is_array()) {
        return check_array(value, schema, path);
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> validate(const Json& value, const Json& schema) {
    return check(value, schema, "");
}

}  // namespace protocol
