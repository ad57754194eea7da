#include "tools/transcripts/entry.hpp"

#include <simdjson.h>

#include <array>
#include <deque>
#include <string>
#include <utility>

#include "tools/transcripts/json_fields.hpp"

namespace tools::transcripts {
namespace {

namespace od = simdjson::ondemand;
using json_fields::for_each_field;
using json_fields::read_bool;
using json_fields::read_raw;
using json_fields::read_string;
using simdjson::error_code;
using simdjson::SUCCESS;

template <typename Kind, std::size_t N>
Kind lookup(const std::array<std::pair<std::string_view, Kind>, N>& table, std::string_view name,
            Kind fallback) {
    for (const auto& [key, kind] : table) {
        if (key == name) {
            return kind;
        }
    }
    return fallback;
}

EntryKind kind_of(std::string_view type) {
    static constexpr std::array<std::pair<std::string_view, EntryKind>, 6> table{{
        {"user", EntryKind::user},
        {"assistant", EntryKind::assistant},
        {"system", EntryKind::system},
        {"summary", EntryKind::summary},
        {"custom-title", EntryKind::custom_title},
        {"ai-title", EntryKind::ai_title},
    }};
    return lookup(table, type, EntryKind::other);
}

BlockKind block_kind_of(std::string_view type) {
    static constexpr std::array<std::pair<std::string_view, BlockKind>, 6> table{{
        {"text", BlockKind::text},
        {"tool_use", BlockKind::tool_use},
        {"tool_result", BlockKind::tool_result},
        {"thinking", BlockKind::thinking},
        {"redacted_thinking", BlockKind::redacted_thinking},
        {"image", BlockKind::image},
    }};
    return lookup(table, type, BlockKind::other);
}

class SimdIndexedLine final : public IndexedLine {
  public:
    void index(std::string_view line) override {
        m_holder.reset();
        m_buffer.reserve(line.size() + simdjson::SIMDJSON_PADDING);  // one allocation, not two
        m_buffer.assign(line);
        m_buffer.append(simdjson::SIMDJSON_PADDING, '\0');
        m_text = std::string_view(m_buffer.data(), line.size());
        m_error = m_parser.iterate(m_buffer.data(), m_text.size(), m_buffer.size()).get(m_document);
    }
    void index_in_place(std::string_view line, std::shared_ptr<const void> holder) override {
        m_holder = std::move(holder);
        m_text = line;
        m_error = m_parser.iterate(line.data(), line.size(), line.size() + simdjson::SIMDJSON_PADDING)
                      .get(m_document);
    }
    std::string_view text() const override { return m_text; }
    void release() override {
        m_holder.reset();
        if (m_buffer.capacity() > large_line_bytes || m_parser.capacity() > large_line_bytes) {
            std::string().swap(m_buffer);  // assigning an empty string would keep the capacity
            m_parser = od::parser();
        }
    }

    od::document& document() { return m_document; }
    error_code error() const { return m_error; }

  private:
    std::string m_buffer;
    std::shared_ptr<const void> m_holder;
    std::string_view m_text;
    od::parser m_parser;
    od::document m_document;
    error_code m_error = simdjson::EMPTY;
};

class SimdEntryParser final : public EntryParser {
  public:
    Result<const Entry*> parse(std::string_view line) override;
    Result<const Entry*> parse(IndexedLine& line) override {
        auto& indexed = static_cast<SimdIndexedLine&>(line);
        return walk(indexed.error(), indexed.document());
    }

  private:
    Result<const Entry*> walk(error_code error, od::document& document);
    error_code parse_top(od::object& object);
    error_code parse_message(od::value& value);
    error_code parse_content(od::value& value);
    error_code parse_block(od::object& object);
    error_code parse_compact_metadata(od::value& value);
    std::string_view decode_tool_result(std::string_view raw);
    std::string& scratch();

    od::parser m_parser;
    od::parser m_aux;
    std::string m_aux_buffer;
    Entry m_entry;
    // Decoded text that has no home in simdjson's string buffer. A deque keeps addresses stable.
    std::deque<std::string> m_scratch;
    std::size_t m_scratch_used = 0;
};

std::string& SimdEntryParser::scratch() {
    if (m_scratch_used == m_scratch.size()) {
        m_scratch.emplace_back();
    }
    std::string& out = m_scratch[m_scratch_used++];
    out.clear();
    return out;
}

Result<const Entry*> SimdEntryParser::parse(std::string_view line) {
    od::document document;
    const error_code error =
        m_parser.iterate(line.data(), line.size(), line.size() + simdjson::SIMDJSON_PADDING).get(document);
    return walk(error, document);
}

Result<const Entry*> SimdEntryParser::walk(error_code error, od::document& document) {
    // Reset every field, but keep the blocks' capacity: no allocation per line once warmed up.
    std::vector<Block> blocks = std::move(m_entry.blocks);
    blocks.clear();
    m_entry = Entry{};
    m_entry.blocks = std::move(blocks);
    m_scratch_used = 0;
    od::object object;
    if (!error) {
        error = document.get_object().get(object);
    }
    if (!error) {
        error = parse_top(object);
    }
    if (error) {
        return make_error(ErrorCode::invalid_argument, simdjson::error_message(error));
    }
    m_entry.kind = kind_of(m_entry.type);
    return &m_entry;
}

error_code SimdEntryParser::parse_top(od::object& object) {
    return for_each_field(object, [&](std::string_view key, od::value& value) {
        error_code error = SUCCESS;
        if (key == "type") {
            error = read_string(value, m_entry.type);
        } else if (key == "message") {
            error = parse_message(value);
        } else if (key == "uuid") {
            error = read_string(value, m_entry.uuid);
        } else if (key == "timestamp") {
            error = read_string(value, m_entry.timestamp);
        } else if (key == "isSidechain") {
            error = read_bool(value, m_entry.is_sidechain);
        } else if (key == "isMeta") {
            error = read_bool(value, m_entry.is_meta);
        } else if (key == "parentUuid") {
            error = read_string(value, m_entry.parent_uuid);
        } else if (key == "sessionId") {
            error = read_string(value, m_entry.session_id);
        } else if (key == "cwd") {
            error = read_string(value, m_entry.cwd);
        } else if (key == "gitBranch") {
            error = read_string(value, m_entry.git_branch);
        } else if (key == "version") {
            error = read_string(value, m_entry.version);
        } else if (key == "subtype") {
            error = read_string(value, m_entry.subtype);
        } else if (key == "isCompactSummary") {
            error = read_bool(value, m_entry.is_compact_summary);
        } else if (key == "isApiErrorMessage") {
            error = read_bool(value, m_entry.is_api_error);
        } else if (key == "agentId") {
            error = read_string(value, m_entry.agent_id);
        } else if (key == "summary" || key == "customTitle" || key == "aiTitle") {
            error = read_string(value, m_entry.title);
        } else if (key == "content") {
            error = read_string(value, m_entry.system_text);
        } else if (key == "compactMetadata") {
            error = parse_compact_metadata(value);
        }
        return error;
    });
}

error_code SimdEntryParser::parse_compact_metadata(od::value& value) {
    od::object object;
    if (value.get_object().get(object) != SUCCESS) {
        return SUCCESS;  // not an object: nothing we use
    }
    return for_each_field(object, [&](std::string_view key, od::value& field_value) {
        if (key == "trigger") {
            return read_string(field_value, m_entry.compact_trigger);
        }
        if (key == "preTokens") {
            std::uint64_t tokens = 0;
            if (field_value.get_uint64().get(tokens) == SUCCESS) {
                m_entry.compact_pre_tokens = tokens;
            }
        }
        return SUCCESS;
    });
}

error_code SimdEntryParser::parse_message(od::value& value) {
    od::json_type type{};
    if (const error_code error = value.type().get(type)) {
        return error;
    }
    if (type != od::json_type::object) {
        return SUCCESS;
    }
    od::object object;
    if (const error_code error = value.get_object().get(object)) {
        return error;
    }
    return for_each_field(object, [&](std::string_view key, od::value& field_value) {
        if (key == "id") {
            return read_string(field_value, m_entry.message_id);
        }
        if (key == "content") {
            return parse_content(field_value);
        }
        return SUCCESS;
    });
}

error_code SimdEntryParser::parse_content(od::value& value) {
    od::json_type type{};
    if (const error_code error = value.type().get(type)) {
        return error;
    }
    if (type == od::json_type::string) {
        Block block;
        block.kind = BlockKind::text;
        if (const error_code error = value.get_string().get(block.text)) {
            return error;
        }
        m_entry.content_is_string = true;
        m_entry.blocks.push_back(block);
        return SUCCESS;
    }
    if (type != od::json_type::array) {
        return SUCCESS;
    }
    od::array array;
    if (const error_code error = value.get_array().get(array)) {
        return error;
    }
    for (auto element : array) {
        od::value item;
        // simdjson's get() is &&-qualified: the move selects it, whatever clang-tidy thinks of it.
        if (const error_code error = std::move(element).get(item)) {  // NOLINT(performance-move-const-arg)
            return error;
        }
        od::json_type item_type{};
        if (const error_code error = item.type().get(item_type)) {
            return error;
        }
        if (item_type != od::json_type::object) {
            continue;  // skipped by the iterator
        }
        od::object block;
        if (const error_code error = item.get_object().get(block)) {
            return error;
        }
        if (const error_code error = parse_block(block)) {
            return error;
        }
    }
    return SUCCESS;
}

error_code SimdEntryParser::parse_block(od::object& object) {
    Block block;
    std::string_view raw_content;
    const error_code fields_error = for_each_field(object, [&](std::string_view key, od::value& value) {
        error_code error = SUCCESS;
        if (key == "type") {
            std::string_view type;
            error = read_string(value, type);
            block.kind = block_kind_of(type);
        } else if (key == "text" || key == "thinking") {
            error = read_string(value, block.text);
        } else if (key == "name") {
            error = read_string(value, block.tool_name);
        } else if (key == "id" || key == "tool_use_id") {
            error = read_string(value, block.tool_use_id);
        } else if (key == "input") {
            error = read_raw(value, block.tool_input);
        } else if (key == "is_error") {
            error = read_bool(value, block.is_error);
        } else if (key == "content") {
            // Tool results are most of a transcript's bytes: keep a view, decode only failures.
            error = read_raw(value, raw_content);
        }
        return error;
    });
    if (fields_error) {
        return fields_error;
    }
    if (block.kind == BlockKind::tool_result) {
        block.text = block.is_error ? decode_tool_result(raw_content) : std::string_view{};
    }
    m_entry.blocks.push_back(block);
    return SUCCESS;
}

// A tool_result's content is a string or an array of blocks; the text parts are joined.
std::string_view SimdEntryParser::decode_tool_result(std::string_view raw) {
    if (raw.empty()) {
        return {};
    }
    m_aux_buffer.assign(raw);
    m_aux_buffer.append(simdjson::SIMDJSON_PADDING, '\0');
    od::document document;
    if (m_aux.iterate(m_aux_buffer.data(), raw.size(), m_aux_buffer.size()).get(document)) {
        return {};
    }
    std::string& out = scratch();
    od::json_type type{};
    if (document.type().get(type)) {
        return {};
    }
    if (type == od::json_type::string) {
        std::string_view text;
        if (document.get_string().get(text) == SUCCESS) {
            out.assign(text);
        }
        return out;
    }
    od::array array;
    if (document.get_array().get(array)) {
        return {};
    }
    for (auto element : array) {
        od::object block;
        if (element.get_object().get(block)) {
            continue;
        }
        std::string_view part;
        if (block.find_field_unordered("text").get_string().get(part) == SUCCESS) {
            if (!out.empty()) {
                out += '\n';
            }
            out += part;
        }
    }
    return out;
}

}  // namespace

std::unique_ptr<IndexedLine> IndexedLine::create() {
    return std::make_unique<SimdIndexedLine>();
}

std::unique_ptr<EntryParser> EntryParser::create() {
    return std::make_unique<SimdEntryParser>();
}

}  // namespace tools::transcripts
