#include "protocol/versions.hpp"

#include <algorithm>

namespace protocol {

const std::vector<std::string>& supported_versions() {
    static const std::vector<std::string> versions{std::string(modern_version), "2025-11-25", "2025-06-18",
                                                   "2025-03-26"};
    return versions;
}

bool is_supported(std::string_view version) {
    const auto& versions = supported_versions();
    return std::find(versions.begin(), versions.end(), version) != versions.end();
}

bool is_modern(std::string_view version) {
    return version >= modern_version;
}

std::string negotiate_legacy(std::string_view requested) {
    if (is_supported(requested) && !is_modern(requested)) {
        return std::string(requested);
    }
    return std::string(latest_legacy_version);
}

VersionTraits traits_of(std::string_view version) {
    VersionTraits traits;
    // ISO dates compare correctly as strings.
    traits.allows_batches = version == "2025-03-26";
    traits.has_structured_output = version >= "2025-06-18";
    traits.validation_errors_as_tool_results = version >= "2025-11-25";
    traits.stateless = is_modern(version);
    return traits;
}

std::optional<std::string> declared_version(const Json& params) {
    const auto meta = params.find("_meta");
    if (meta == params.end() || !meta->is_object()) {
        return std::nullopt;
    }
    const auto version = meta->find(meta_protocol_version);
    if (version == meta->end()) {
        return std::nullopt;
    }
    return version->is_string() ? version->get<std::string>() : std::string("(not a string)");
}

}  // namespace protocol
