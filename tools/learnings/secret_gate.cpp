#include "tools/learnings/secret_gate.hpp"

#include <set>

#include "tools/secrets/scanner.hpp"

namespace tools::learnings {

Result<void> check_for_secrets(const std::vector<std::string>& texts, const std::vector<std::string>& labels,
                               const secrets::Allowlist& allowlist) {
    std::string problems;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const auto findings = secrets::Scanner::instance().scan(texts[i], allowlist);
        if (findings.empty()) {
            continue;
        }
        std::set<std::string> rules;
        for (const auto& finding : findings) {
            rules.insert(finding.rule_id + " (" + finding.description + ")");
        }
        problems += "\n- " + (i < labels.size() ? labels[i] : "text " + std::to_string(i + 1)) + ": ";
        bool first = true;
        for (const std::string& rule : rules) {
            problems += (first ? "" : ", ") + rule;
            first = false;
        }
    }
    if (problems.empty()) {
        return {};
    }
    return make_error(
        ErrorCode::refused,
        "Refused: nothing was written, because these look like they contain a secret:" + problems +
            "\nReword each one without the value: say where the credential lives instead (\"the API key "
            "is in $STRIPE_API_KEY\", \"read the token from the team vault\"). If a match is not a "
            "secret, accept it for this project with `context-sync scan FILE --allow` and call again.");
}

}  // namespace tools::learnings
