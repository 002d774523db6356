// JSON Schema of record types: the case record contract, generated from the declaration in
// the language (field names, types, enumeration values, documentation strings).
#include "schema.hpp"

#include <algorithm>
#include <set>
#include <string_view>
#include <vector>

#include "decree/lang/messages.hpp"
#include "report.hpp"

namespace decree::eval {

namespace {

// `"title": ..., "x-decree-label": {"vi": ..., "en": ...}` for a label, with a leading comma;
// nothing for none.
std::string label_object(const text& l) {
    return "{\"vi\": \"" + json_escape(ir::label_in(l, language::vi)) + "\", \"en\": \"" +
           json_escape(ir::label_in(l, language::en)) + "\"}";
}

struct writer {
    language lang = language::en;
    std::set<const ir::record_type*> records;
    std::set<const ir::enum_type*> enums;
    std::vector<const ir::record_type*> record_order;
    std::vector<const ir::enum_type*> enum_order;

    std::string type(const ir::type* t, const std::string& indent) {
        switch (t->kind) {
            case ir::tkind::bool_: return "{\"type\": \"boolean\"}";
            case ir::tkind::integer: return "{\"type\": \"integer\", \"minimum\": 0}";
            case ir::tkind::decimal:
            case ir::tkind::fraction:
                return "{\"type\": [\"integer\", \"string\"], \"pattern\": \"^[0-9]+([./][0-9]+)?$\"}";
            case ir::tkind::money:
                return "{\"type\": \"string\", \"pattern\": \"^[0-9]+$\", \"description\": \"whole VND, as a string\"}";
            case ir::tkind::date: return "{\"type\": \"string\", \"format\": \"date\", \"pattern\": \"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"}";
            case ir::tkind::duration:
                return "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {"
                       "\"years\": {\"type\": \"integer\", \"minimum\": 0}, \"months\": {\"type\": \"integer\", \"minimum\": 0}, "
                       "\"days\": {\"type\": \"integer\", \"minimum\": 0}}}";
            case ir::tkind::string: return "{\"type\": \"string\"}";
            case ir::tkind::law_article: return "{\"type\": \"string\", \"pattern\": \"^[A-Za-z0-9]+ [0-9]+$\"}";
            case ir::tkind::enumeration:
                if (enums.insert(t->en).second) enum_order.push_back(t->en);
                return "{\"$ref\": \"#/$defs/" + t->en->name + "\"}";
            case ir::tkind::record:
                if (records.insert(t->rec).second) record_order.push_back(t->rec);
                return "{\"$ref\": \"#/$defs/" + t->rec->name + "\"}";
            case ir::tkind::list:
            case ir::tkind::set: return "{\"type\": \"array\", \"items\": " + type(t->elem, indent) + "}";
            default: return "{}";
        }
    }

    std::string labelled(const text& l) const {
        if (l.empty()) return "";
        return ", \"title\": \"" + json_escape(ir::label_in(l, lang)) + "\", \"x-decree-label\": " + label_object(l);
    }

    std::string record(const ir::record_type& r) {
        std::string out = "{\n      \"type\": \"object\",\n      \"properties\": {";
        for (std::size_t i = 0; i < r.fields.size(); ++i) {
            const auto& f = r.fields[i];
            std::string t = type(f.ty, "");
            // Absent or null means unknown.
            t = "{\"anyOf\": [" + t + ", {\"type\": \"null\"}]" + labelled(f.label) +
                (f.doc.empty() ? "" : ", \"description\": \"" + json_escape(f.doc) + "\"") + "}";
            out += (i ? ",\n        \"" : "\n        \"") + f.name + "\": " + t;
        }
        return out + "\n      }\n    }";
    }
};

// The cells of a Markdown table: `|` and line ends would break the row.
std::string cell(std::string_view s) {
    std::string out;
    for (const char c : s) {
        if (c == '|') {
            out += "\\|";
        } else if (c == '\n') {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

struct markdown_writer {
    std::vector<const ir::enum_type*> enums;
    std::set<const ir::enum_type*> seen;
    std::string rows;

    std::string type(const ir::type* t) {
        switch (t->kind) {
            case ir::tkind::bool_: return "true or false";
            case ir::tkind::integer: return "whole number ≥ 0";
            case ir::tkind::decimal: return "decimal: a number, or a string `\"2.5\"`";
            case ir::tkind::fraction: return "fraction: a number, or a string `\"1/3\"`";
            case ir::tkind::money: return "money: a string of whole VND, `\"50000000\"`";
            case ir::tkind::date: return "date `YYYY-MM-DD`";
            case ir::tkind::duration: return "duration `{\"years\": 1, \"months\": 2, \"days\": 3}`";
            case ir::tkind::string: return "text";
            case ir::tkind::law_article: return "law article: a string `\"BLHS2015 123\"`";
            case ir::tkind::enumeration:
                if (seen.insert(t->en).second) enums.push_back(t->en);
                return "[`" + t->en->name + "`](#" + t->en->name + ")";
            case ir::tkind::record: return "object (`" + t->rec->name + "`)";
            case ir::tkind::list: return "list of " + type(t->elem);
            case ir::tkind::set: return "set of " + type(t->elem);
            default: return "?";
        }
    }

    // The fields of [r] under [prefix]; [open] holds the records being written (a record that
    // holds itself is written once).
    void fields(const ir::record_type& r, const std::string& prefix, std::vector<const ir::record_type*>& open) {
        open.push_back(&r);
        for (const auto& f : r.fields) {
            const std::string path = prefix + f.name;
            std::string term, meaning = f.doc;
            constexpr std::string_view dash = " — ";
            if (const auto at = f.doc.find(dash); at != std::string::npos) {
                term = f.doc.substr(0, at);
                meaning = f.doc.substr(at + dash.size());
            }
            rows += "| `" + path + "` | " + cell(type(f.ty)) + " | " + cell(term) + " | " + cell(meaning) + " |\n";
            const ir::type* t = f.ty;
            std::string below = path;
            while (t->kind == ir::tkind::list || t->kind == ir::tkind::set) {
                t = t->elem;
                below += "[]";
            }
            if (t->kind == ir::tkind::record && std::find(open.begin(), open.end(), t->rec) == open.end()) {
                fields(*t->rec, below + ".", open);
            }
        }
        open.pop_back();
    }
};

}  // namespace

std::string markdown_doc(const ir::record_type& root, const std::string& title) {
    markdown_writer w;
    std::vector<const ir::record_type*> open;
    w.fields(root, "", open);
    std::string out = "### Fields of `" + root.name + "` — " + cell(title) + "\n\n";
    out += "| field | type | Vietnamese term | meaning |\n|---|---|---|---|\n" + w.rows;
    out += "\n### Enumerations\n";
    for (const auto* e : w.enums) {
        out += "\n#### " + e->name + "\n\n| value | Vietnamese term |\n|---|---|\n";
        for (std::size_t i = 0; i < e->variants.size(); ++i) {
            out += "| `" + e->variants[i] + "` | " + cell(i < e->labels.size() ? e->labels[i] : "") + " |\n";
        }
    }
    return out;
}

std::string json_schema(const ir::record_type& root, const std::string& title, language lang) {
    writer w;
    w.lang = lang;
    w.records.insert(&root);
    w.record_order.push_back(&root);
    std::string defs;
    for (std::size_t i = 0; i < w.record_order.size(); ++i) {  // grows while writing
        const auto* r = w.record_order[i];
        defs += (i ? ",\n    \"" : "\n    \"") + r->name + "\": " + w.record(*r);
    }
    for (const auto* e : w.enum_order) {
        defs += ",\n    \"" + e->name + "\": {\"enum\": [";
        for (std::size_t i = 0; i < e->variants.size(); ++i) defs += (i ? ", \"" : "\"") + e->variants[i] + "\"";
        defs += "]";
        std::string labels;
        for (std::size_t i = 0; i < e->variants.size(); ++i) {
            const text l{i < e->labels_en.size() ? e->labels_en[i] : "", i < e->labels.size() ? e->labels[i] : ""};
            if (l.empty()) continue;
            labels += (labels.empty() ? "\"" : ", \"") + e->variants[i] + "\": " + label_object(l);
        }
        if (!labels.empty()) defs += ", \"x-decree-labels\": {" + labels + "}";
        defs += "}";
    }
    return "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n  \"title\": \"" + json_escape(title) +
           "\",\n  \"description\": \"" + json_escape(say(msg::schema_description).in(lang)) + "\",\n"
           "  \"$ref\": \"#/$defs/" + root.name + "\",\n  \"$defs\": {" + defs + "\n  }\n}\n";
}

}  // namespace decree::eval
