// The Redactor of a project without an allowlist: every finding is redacted. Tests that are not about
// the allowlist pass this one to listing and extraction, which require a Redactor.
#pragma once

#include "tools/secrets/redactor.hpp"

namespace test_support {

inline const tools::secrets::Redactor kNoAllowlist{};

}  // namespace test_support
