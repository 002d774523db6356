// The commands and options of decreec, as one table: the parser of every command's arguments,
// `--help` for each command, the manual page decreec(1) and the bash completion are made from
// it, so that none of them can say something the others do not.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "decree/lang/messages.hpp"

namespace decree::cli {

struct option_spec {
    std::string_view name;      // "--format"
    char short_name = 0;        // 'w' for `-w`; 0 when it has none
    std::string_view value;     // what it takes: "FILE", "N", choices "text|json"; empty for a flag
    msg help;
    std::string_view fallback;  // the value when the option is not given, shown in the help
    [[nodiscard]] bool takes_value() const { return !value.empty(); }
    // "text|json" is a list of choices, checked by the parser; "FILE" or "N" is not.
    [[nodiscard]] std::vector<std::string_view> choices() const;
};

struct command_spec {
    std::string_view name;      // "eval"
    std::string_view operands;  // "DECREE CASES..."
    msg help;
    std::span<const option_spec> options;
    std::size_t min_operands = 0;
    std::size_t max_operands = 0;  // `many` for no limit
    static constexpr std::size_t many = static_cast<std::size_t>(-1);
};

std::span<const command_spec> commands();
const command_spec* find_command(std::string_view name);
// The options of every command (taken out by the dispatcher before a command parses its own).
std::span<const option_spec> common_options();

// What a command was given: its options in the order given (by their long names), then its
// operands. `-` is an operand (standard input); after `--` everything is.
struct arguments {
    std::vector<std::pair<std::string_view, std::string>> given;
    std::vector<std::string> operands;
    [[nodiscard]] bool has(std::string_view option) const;
    // The last value given to [option].
    [[nodiscard]] std::optional<std::string> value(std::string_view option) const;
    [[nodiscard]] std::vector<std::string> values(std::string_view option) const;
};

// Parses args[1...] (args[0] is the command's name) as the table says for [command]: `--opt
// value`, `--opt=value`, `-x value`, `-xvalue`, choices checked, the number of operands checked.
// Nothing when the command goes on; else the exit code it ends with: 0 after `--help` or `-h`
// (the command's help printed to [out]), 64 after a mistake (said on [err] with the usage line
// and, for an unknown option, the nearest one).
std::optional<int> parse_arguments(std::string_view command, const std::vector<std::string>& args, arguments& into,
                                   std::ostream& out, std::ostream& err, language lang);

// An option's value [v] as a whole number of at most [digits] digits; nothing when it is not one.
std::optional<unsigned long> whole_number(std::string_view v, std::size_t digits);

// `decreec CMD --help`; with no command, the list of commands.
void print_help(const command_spec* command, std::ostream& out, language lang);
// "usage: decreec eval [options] DECREE CASES..." and where to find more, after a mistake.
void print_usage_hint(const command_spec* command, std::ostream& err, language lang);
// Says on [err] that [option] is unknown to [command] (null: before any command), with the
// nearest option and, when another command has it, which one.
void unknown_option(const command_spec* command, std::string_view option, std::ostream& err, language lang);
// Says on [err] that there is no command [name], with the nearest one.
void unknown_command(std::string_view name, std::ostream& err, language lang);
// The manual page decreec(1), in man(7) format.
void print_man_page(std::ostream& out, language lang);
// A bash completion script for decreec.
void print_bash_completion(std::ostream& out);

std::string_view version();

}  // namespace decree::cli
