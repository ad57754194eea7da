#include "protocol/jsonrpc.hpp"

#include "protocol/json_reader.hpp"
#include "protocol/json_writer.hpp"
#include "protocol/message_shape.hpp"

namespace protocol {
namespace {

InvalidMessage invalid(const Json& id, std::string message) {
    return {make_error(id, error_code::invalid_request, std::move(message))};
}

bool is_valid_id(const Json& id) {
    return id.is_string() || id.is_number_integer() || id.is_number_unsigned();
}

// A refused message is answered with its id when that can be read; a notification is not answered.
ParsedLine refuse_shape(std::string_view text, const std::string& problem) {
    ParsedLine parsed;
    const std::string skeleton = top_level_skeleton(text);
    // A flat text can still hold too many values at the top: then no id is read.
    const Json top =
        check_shape(skeleton) ? Json() : Json::parse(skeleton, nullptr, /*allow_exceptions=*/false);
    Json id = nullptr;
    if (top.is_object()) {
        const auto id_it = top.find("id");
        if (id_it == top.end() && top.contains("method")) {
            parsed.refused_notification = "Invalid Request: " + problem;
            return parsed;
        }
        if (id_it != top.end() && is_valid_id(*id_it)) {
            id = *id_it;
        }
    }
    parsed.reply = make_error(id, error_code::invalid_request, "Invalid Request: " + problem);
    return parsed;
}

}  // namespace

Message classify(Json value) {
    if (!value.is_object()) {
        return invalid(nullptr, "Invalid Request: a message must be a JSON object");
    }
    const auto id_it = value.find("id");
    const bool has_id = id_it != value.end();
    // Echo the id back only when it is usable as one.
    const Json reply_id = has_id && is_valid_id(*id_it) ? *id_it : Json(nullptr);

    const auto version = value.find("jsonrpc");
    if (version == value.end() || !version->is_string() || *version != "2.0") {
        return invalid(reply_id, "Invalid Request: \"jsonrpc\" must be \"2.0\"");
    }
    const auto method = value.find("method");
    if (method == value.end()) {
        if (has_id && (value.contains("result") || value.contains("error"))) {
            return ClientResponse{*id_it};
        }
        return invalid(reply_id, "Invalid Request: missing \"method\"");
    }
    if (!method->is_string()) {
        return invalid(reply_id, "Invalid Request: \"method\" must be a string");
    }
    Json params = Json::object();
    if (const auto it = value.find("params"); it != value.end()) {
        if (!it->is_object()) {
            if (has_id && is_valid_id(*id_it)) {
                return InvalidMessage{make_error(*id_it, error_code::invalid_params,
                                                 "Invalid params: \"params\" must be an object")};
            }
            return invalid(reply_id, "Invalid Request: \"params\" must be an object");
        }
        params = std::move(*it);
    }
    if (!has_id) {
        return Notification{std::move(method->get_ref<std::string&>()), std::move(params)};
    }
    if (!is_valid_id(*id_it)) {
        return invalid(nullptr, "Invalid Request: \"id\" must be a string or an integer");
    }
    return Request{std::move(*id_it), std::move(method->get_ref<std::string&>()), std::move(params)};
}

ParsedLine parse_line(std::string_view line) {
    if (auto problem = check_shape(line)) {
        return refuse_shape(line, *problem);
    }
    ParsedLine parsed;
    Json value = read_json(line);
    if (value.is_discarded()) {
        parsed.reply =
            make_error(nullptr, error_code::parse_error, "Parse error: the line is not valid JSON");
        return parsed;
    }
    if (value.is_array()) {
        parsed.is_batch = true;
        if (value.empty()) {
            parsed.reply = make_error(nullptr, error_code::invalid_request, "Invalid Request: empty batch");
            return parsed;
        }
        parsed.messages.reserve(value.size());
        for (Json& element : value) {
            parsed.messages.push_back(classify(std::move(element)));
        }
        return parsed;
    }
    parsed.messages.push_back(classify(std::move(value)));
    return parsed;
}

Json make_result(const Json& id, Json result) {
    return Json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

Json make_error(const Json& id, int code, std::string message, Json data) {
    Json error{{"code", code}, {"message", std::move(message)}};
    if (!data.is_null()) {
        error["data"] = std::move(data);
    }
    return Json{{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(error)}};
}

Json make_notification(std::string method, Json params) {
    return Json{{"jsonrpc", "2.0"}, {"method", std::move(method)}, {"params", std::move(params)}};
}

std::string serialize(const Json& message) {
    // Control characters are escaped, so the line can never contain a raw newline.
    std::string out;
    write_json(message, out);
    return out;
}

}  // namespace protocol
