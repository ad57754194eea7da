// Reading the fields of a transcript line with simdjson's On-Demand API, for entry.cpp's parser: the
// members of an object in order, and values of the type a field should have. A field of another type
// (a null parentUuid, a number where a string belongs) reads as empty or false rather than failing the
// line; only malformed JSON is an error. Inline: these run for every field of every line.
#pragma once

#include <simdjson.h>

#include <string_view>
#include <utility>

namespace tools::transcripts::json_fields {

namespace od = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;

// Calls on_field(key, value) for every member of object, in order; stops at the first error.
template <typename OnField>
error_code for_each_field(od::object& object, OnField&& on_field) {
    for (auto result : object) {
        od::field field;
        std::string_view key;
        if (const error_code error = std::move(result).get(field)) {
            return error;
        }
        // Keys are compared as written: Claude Code escapes nothing in them, and unescaping copied
        // every key of every line. A key holding a backslash is unescaped ("\u0074ype" is type). The
        // closing quote is there: stage 1 refused the line if a string was left open.
        const char* const raw = field.key().raw();
        const char* end = raw;
        while (*end != '"' && *end != '\\') {
            ++end;
        }
        if (*end == '"') {
            key = std::string_view(raw, static_cast<std::size_t>(end - raw));
        } else if (const error_code error = field.unescaped_key().get(key)) {
            return error;
        }
        if (const error_code error = on_field(key, field.value())) {
            return error;
        }
    }
    return SUCCESS;
}

inline error_code read_string(od::value& value, std::string_view& out) {
    od::json_type type{};
    if (const error_code error = value.type().get(type)) {
        return error;
    }
    if (type != od::json_type::string) {
        out = {};
        return SUCCESS;
    }
    return value.get_string().get(out);
}

inline error_code read_bool(od::value& value, bool& out) {
    od::json_type type{};
    if (const error_code error = value.type().get(type)) {
        return error;
    }
    if (type != od::json_type::boolean) {
        out = false;
        return SUCCESS;
    }
    return value.get_bool().get(out);
}

// Raw JSON of any value without unescaping or copying it.
inline error_code read_raw(od::value& value, std::string_view& out) {
    od::json_type type{};
    if (const error_code error = value.type().get(type)) {
        return error;
    }
    if (type == od::json_type::array) {
        od::array array;
        if (const error_code error = value.get_array().get(array)) {
            return error;
        }
        return array.raw_json().get(out);
    }
    if (type == od::json_type::object) {
        od::object object;
        if (const error_code error = value.get_object().get(object)) {
            return error;
        }
        return object.raw_json().get(out);
    }
    out = value.raw_json_token();
    return SUCCESS;
}

}  // namespace tools::transcripts::json_fields
