#include "tools/transcripts/tool_summary.hpp"

#include <simdjson.h>

#include <array>
#include <utility>

namespace tools::transcripts {
namespace {

namespace od = simdjson::ondemand;

// The argument that says what a call did, for the tools Claude Code ships.
constexpr std::array<std::pair<std::string_view, std::string_view>, 20> key_arguments{{
    {"Bash", "command"},
    {"Read", "file_path"},
    {"Write", "file_path"},
    {"Edit", "file_path"},
    {"MultiEdit", "file_path"},
    {"NotebookEdit", "notebook_path"},
    {"NotebookRead", "notebook_path"},
    {"Glob", "pattern"},
    {"Grep", "pattern"},
    {"LS", "path"},
    {"WebFetch", "url"},
    {"WebSearch", "query"},
    {"Task", "description"},
    {"Agent", "description"},
    {"Skill", "skill"},
    {"SlashCommand", "command"},
    {"BashOutput", "bash_id"},
    {"KillShell", "shell_id"},
    {"TaskOutput", "task_id"},
    {"TodoWrite", "todos"},
}};

std::string_view key_argument_for(std::string_view name) {
    for (const auto& [tool, key] : key_arguments) {
        if (tool == name) {
            return key;
        }
    }
    return {};
}

}  // namespace

struct ToolSummarizer::Impl {
    od::parser parser;
    std::string buffer;

    // The chosen argument as display text; empty when absent.
    std::string argument(std::string_view wanted_key, std::string_view raw_input) {
        buffer.assign(raw_input);
        buffer.append(simdjson::SIMDJSON_PADDING, '\0');
        od::document document;
        od::object object;
        if (parser.iterate(buffer.data(), raw_input.size(), buffer.size()).get(document) ||
            document.get_object().get(object)) {
            return {};
        }
        std::string first_string;
        for (auto result : object) {
            od::field field;
            std::string_view key;
            if (std::move(result).get(field) || field.unescaped_key().get(key)) {
                return first_string;
            }
            od::json_type type{};
            if (field.value().type().get(type)) {
                return first_string;
            }
            const bool wanted = !wanted_key.empty() && key == wanted_key;
            if (wanted && type == od::json_type::array) {
                std::size_t count = 0;
                if (field.value().count_elements().get(count)) {
                    return first_string;
                }
                return std::to_string(count) + " items";
            }
            if (type != od::json_type::string) {
                continue;
            }
            std::string_view text;
            if (field.value().get_string().get(text)) {
                return first_string;
            }
            if (wanted) {
                return std::string(text);
            }
            if (first_string.empty()) {
                first_string.assign(text);
            }
        }
        return first_string;
    }
};

ToolSummarizer::ToolSummarizer() : m_impl(std::make_unique<Impl>()) {}
ToolSummarizer::~ToolSummarizer() = default;

secrets::Redaction ToolSummarizer::summarize(std::string_view name, std::string_view raw_input,
                                             const secrets::Redactor& redactor, std::size_t max_chars) {
    std::string line = name.empty() ? std::string("tool") : std::string(name);
    const std::string argument = m_impl->argument(key_argument_for(name), raw_input);
    if (argument.find_first_not_of(" \t\n\r\f\v") != std::string::npos) {
        line += ": ";
        line += argument;
    }
    return redactor.line(line, max_chars);
}

}  // namespace tools::transcripts
