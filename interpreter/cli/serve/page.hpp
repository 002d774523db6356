// The council page of `decreec serve`: its files, embedded in the binary when it is built
// (interpreter/cli/serve/page/), served at `/` and `/assets/NAME` and nowhere else.
#pragma once

#include <string_view>

namespace decree::cli::serve {

struct asset {
    std::string_view name;  // "index.html", "app.js", "app.css"
    std::string_view type;  // its media type
    std::string_view body;
};

// The embedded file called [name], or null: a name is looked up, never opened as a path.
const asset* page_asset(std::string_view name);

}  // namespace decree::cli::serve
