// Internal: "did you mean" suggestions for names, fields and file names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace decree::detail {

// The number of single-byte insertions, deletions and substitutions from [a] to [b].
std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate closest to [name], when it is close enough to be what was meant (at most about a
// third of its length apart); empty otherwise.
std::string closest(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace decree::detail
