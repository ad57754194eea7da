// Which machine a learning comes from, for section headings and commit messages.
#pragma once

#include <string>

namespace tools::learnings {

// $CONTEXT_SYNC_MACHINE when set and not empty, else the short host name (up to the first '.'), else
// "unknown". Not validated (see validate_machine). Thread-safe.
std::string default_machine_name();

// Today's date on this machine, YYYY-MM-DD, in local time (what the user calls "today").
std::string local_date_today();

}  // namespace tools::learnings
