#pragma once

#include "baton/Diagnostic.h"

#include <QByteArray>

#include <optional>

namespace baton {

// A guard in front of toml++ (issue 11, scenario 9). The system toml++ 3.3.0
// reaches undefined behaviour (TOML_UNREACHABLE in
// is_non_ascii_horizontal_whitespace) whenever it asks "is this whitespace?"
// about most non-ASCII characters, and violates an assumption
// (TOML_ASSERT_ASSUME in parse_key) on a table header such as `[#`. Both
// happen only on text that is invalid TOML 1.0 or on one narrow valid shape;
// this lexer knows just enough TOML (strings of all four kinds, comments,
// table headers versus values) to refuse exactly those inputs with a
// diagnostic at their line:column, so the library never sees them:
//  - a non-ASCII character outside strings and comments (TOML 1.0 bare keys
//    are ASCII, and no other token may contain one);
//  - in a multi-line basic string, a non-ASCII character right after a
//    backslash or right after a line-ending backslash's skipped whitespace;
//  - a table header whose first character after `[` / `[[` (and spaces) is
//    not a key character, a quote or `]`.
// Expects text that passed the UTF-8/NUL check; on other bytes it still
// terminates and never reads out of bounds (it is fuzzed).
std::optional<Diagnostic> prescanToml(const QByteArray &text);

} // namespace baton
