// Expectations on which rules the scanner reports for a text, shared by the rule tables' tests.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tools/secrets/scanner.hpp"

namespace secrets_test {

inline std::vector<std::string> rule_ids(const std::string& text) {
    std::vector<std::string> ids;
    for (const auto& finding : tools::secrets::Scanner::instance().scan(text)) {
        ids.push_back(finding.rule_id);
    }
    return ids;
}

// Exactly one finding, of rule.
inline void expect_rule(const std::string& text, const std::string& rule) {
    INFO("text: " << text);
    const auto ids = rule_ids(text);
    REQUIRE(ids.size() == 1);
    CHECK(ids.front() == rule);
}

inline void expect_clean(const std::string& text) {
    INFO("text: " << text);
    CHECK(rule_ids(text).empty());
}

}  // namespace secrets_test
