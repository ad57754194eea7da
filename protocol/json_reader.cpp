#include "protocol/json_reader.hpp"

#include <simdjson.h>

#include <cstdint>
#include <string>

#include "protocol/message_shape.hpp"

namespace protocol {
namespace {

using Json = nlohmann::json;

// Deeper texts are left to nlohmann, so the recursion below is bounded by this.
constexpr std::size_t fast_max_depth = max_nesting_depth + 1;

Json convert(const simdjson::dom::element& element) {
    using Type = simdjson::dom::element_type;
    switch (element.type()) {
        case Type::OBJECT: {
            Json object = Json::object();
            const simdjson::dom::object fields = element.get_object().value_unsafe();
            for (const simdjson::dom::key_value_pair field : fields) {
                // A repeated key keeps its last value, as in nlohmann.
                object[std::string(field.key)] = convert(field.value);
            }
            return object;
        }
        case Type::ARRAY: {
            Json array = Json::array();
            const simdjson::dom::array items = element.get_array().value_unsafe();
            for (const simdjson::dom::element item : items) {
                array.push_back(convert(item));
            }
            return array;
        }
        case Type::STRING:
            return Json(std::string(element.get_string().value_unsafe()));
        case Type::INT64: {
            // nlohmann reads an integer without a minus sign as unsigned.
            const std::int64_t value = element.get_int64().value_unsafe();
            return value < 0 ? Json(value) : Json(static_cast<std::uint64_t>(value));
        }
        case Type::UINT64:
            return Json(element.get_uint64().value_unsafe());
        case Type::DOUBLE:
            return Json(element.get_double().value_unsafe());
        case Type::BOOL:
            return Json(element.get_bool().value_unsafe());
        case Type::NULL_VALUE:
            break;
    }
    return Json(nullptr);
}

struct FastReader {
    simdjson::dom::parser parser{fast_read_limit};
    std::string padded;  // the text copied with simdjson's padding, so no read passes its end
    bool ready = false;  // false when the parser's memory could not be had: nlohmann reads everything

    FastReader() : ready(parser.allocate(fast_read_limit, fast_max_depth) == simdjson::SUCCESS) {
        padded.reserve(fast_read_limit + simdjson::SIMDJSON_PADDING);
    }
};

}  // namespace

Json read_json(std::string_view text) {
    if (text.size() <= fast_read_limit) {
        thread_local FastReader reader;
        if (reader.ready) {
            reader.padded.assign(text);
            reader.padded.append(simdjson::SIMDJSON_PADDING, '\0');
            const auto parsed = reader.parser.parse(reader.padded.data(), text.size(), false);
            if (!parsed.error()) {
                return convert(parsed.value_unsafe());
            }
        }
    }
    return Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
}

}  // namespace protocol
