#include "protocol/message_shape.hpp"

namespace protocol {

std::optional<std::string> check_shape(std::string_view text) {
    std::size_t depth = 0;
    // Every value is a container, the first element of one, or follows a ',' (object members count
    // their key too: an overestimate, never an underestimate).
    std::size_t values = 1;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i;  // the escaped byte can be a quote
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        switch (c) {
            case '"':
                in_string = true;
                break;
            case '[':
            case '{':
                if (++depth > max_nesting_depth) {
                    return "nesting deeper than " + std::to_string(max_nesting_depth) + " levels";
                }
                ++values;
                break;
            case ']':
            case '}':
                if (depth > 0) {
                    --depth;
                }
                break;
            case ',':
                ++values;
                break;
            default:
                continue;
        }
        if (values > max_json_values) {
            return "more than " + std::to_string(max_json_values) + " JSON values in one message";
        }
    }
    return std::nullopt;
}

}  // namespace protocol
