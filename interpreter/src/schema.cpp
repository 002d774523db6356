// JSON Schema of record types: the case record contract, generated from the declaration in
// the language (field names, types, enumeration values, documentation strings).
#include "schema.hpp"

#include <set>

#include "report.hpp"

namespace decree::eval {

namespace {

struct writer {
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

    std::string record(const ir::record_type& r) {
        std::string out = "{\n      \"type\": \"object\",\n      \"properties\": {";
        for (std::size_t i = 0; i < r.fields.size(); ++i) {
            const auto& f = r.fields[i];
            std::string t = type(f.ty, "");
            // Absent or null means unknown.
            t = "{\"anyOf\": [" + t + ", {\"type\": \"null\"}]" +
                (f.doc.empty() ? "" : ", \"description\": \"" + json_escape(f.doc) + "\"") + "}";
            out += (i ? ",\n        \"" : "\n        \"") + f.name + "\": " + t;
        }
        return out + "\n      }\n    }";
    }
};

}  // namespace

std::string json_schema(const ir::record_type& root, const std::string& title) {
    writer w;
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
        defs += "]}";
    }
    return "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n  \"title\": \"" + json_escape(title) +
           "\",\n  \"description\": \"A field that is absent or null is unknown. Fields not declared are allowed.\",\n"
           "  \"$ref\": \"#/$defs/" + root.name + "\",\n  \"$defs\": {" + defs + "\n  }\n}\n";
}

}  // namespace decree::eval
