/* case — one qualification as a 1EdTech CASE 1.1 package (Competencies and Academic Standards
 * Exchange) and back, and catalogue JSON as Lua data-file text.
 *
 * Owns nothing between calls: every function reads caller-owned JSON trees and writes into a
 * caller-owned writer or buffer. docs/case.md has the same mapping with examples.
 *
 * A package is {CFDocument, CFItems, CFAssociations}. The qualification is the CFDocument; each
 * unit, element, learning outcome, assessment criterion, evidence requirement and lettered item
 * is a CFItem; every CFItem has one "isChildOf" CFAssociation to its parent (a unit's parent is
 * the CFDocument) whose sequenceNumber (1, 2, ...) keeps the catalogue's order. Identifiers are
 * name-based UUIDs: the first 16 bytes of SHA-256("assessd-case-v1" + body code + qualification
 * code + the item's path, each part length-prefixed), version nibble 5, RFC 4122 variant — so
 * exporting twice gives the same identifiers. The path of a unit is its id, of an element,
 * outcome, criterion or requirement its unit's path and its number, of a lettered item its
 * requirement's path and its letter (a number printed twice among siblings gets its occurrence
 * added). URIs are "urn:assessd:<BODY>:CFDocuments:<uuid>", "...:CFItems:<uuid>" and
 * "...:CFAssociations:<uuid>" (the body code percent-encoded where a URN needs it); they name,
 * they do not resolve.
 *
 * | catalogue                        | CASE                                                      |
 * |----------------------------------|-----------------------------------------------------------|
 * | body name (code)                 | CFDocument.creator; body code in extensions.assessdBody   |
 * | qualification title              | CFDocument.title                                          |
 * | last_certification (a date)      | CFDocument.statusEndDate                                  |
 * | notes (strings without breaks)   | CFDocument.notes / CFItem.notes, one note a line          |
 * | units[i]                         | unit CFItem isChildOf CFDocument, sequenceNumber i+1      |
 * | units[i].kind, .theme            | unit CFItem extensions.assessdEntry {kind, theme}         |
 * | unit number, title               | CFItemType "Unit", listEnumeration, fullStatement;        |
 * |                                  | humanCodingScheme = number                                |
 * | unit level (integer)             | CFItem.educationLevel ["<level>"]                         |
 * | element {number, title}          | "Element", listEnumeration, fullStatement, "9:9.1"        |
 * | outcome {number, title}          | "Learning Outcome", listEnumeration, fullStatement,       |
 * |                                  | humanCodingScheme "411:1"                                 |
 * | criterion {number, text}         | "Assessment Criterion", "411:1.1"                         |
 * | evidence requirement {number,    | "Evidence Requirement", "411:ER6"                         |
 * |   text}                          |                                                           |
 * | lettered item {letter, text}     | "Evidence Item", listEnumeration = letter, "411:ER6:b"    |
 * | everything else (code, level,    | extensions.assessd of the CFDocument / CFItem, verbatim:  |
 * |   accreditation, age_group,      | qualification code, level, accreditation, age_group,      |
 * |   rules, id, reference, credit,  | last_registration, rules, source; unit id, reference,     |
 * |   glh, aim, simulation, rwe, ER  | credit, glh, aim, simulation, rwe, assessment, source;    |
 * |   rule, knowledge, ...)          | outcome knowledge; requirement rule; any other member     |
 *
 * Unit children are numbered elements first, then outcomes, then evidence requirements. A value
 * goes to its CASE field only when it reads back exactly (a title that is a string, a level that
 * is an integer, notes that are non-empty strings without line breaks, a list with at least one
 * object); otherwise it goes verbatim into extensions.assessd (an empty `units` list,
 * evidence_requirements = "unknown", level = "unknown", ...). The CFDocument always carries
 * extensions.assessd: that is how case_import knows a package is one of its own.
 *
 * A package from elsewhere (no extensions.assessd on the CFDocument) is read as closely as the
 * format allows: the qualification's code is the CFDocument identifier; each child of the
 * CFDocument is a unit (id = its identifier, number = humanCodingScheme, else listEnumeration);
 * a unit's children are typed by CFItemType where it names one of the types above, otherwise
 * they are outcomes if any of them has children and elements if none has; an outcome's (or a
 * requirement's) descendants, flattened in order, are its criteria (items). What CASE cannot say
 * is "unknown" (level, accreditation, kind, rules, reference, credit, glh, simulation.allowed,
 * rwe.allowed, evidence_requirements, a requirement's rule) and a note says so.
 */
#ifndef ASSESSD_CASE_H
#define ASSESSD_CASE_H

#include "json.h"
#include "sbuf.h"

/* Writes the CASE package of one qualification: the CFDocument (the qualification), a CFItem per
 * unit (CFItemType "Unit", humanCodingScheme = unit number), per element ("Element", "9.1"),
 * per learning outcome ("Learning Outcome", "411:1" or similar), per assessment criterion
 * ("Assessment Criterion", "1.1"), per evidence requirement and lettered item, with isChildOf
 * associations (item -> parent, with sequenceNumber for order) and the qualification's own
 * fields. humanCodingScheme is the contract reference ("9:9.1", "411:1.1", "411:ER6:b") and
 * listEnumeration the printed number ("9.1", "1.1", "b"); see the table above.
 * catalogue is the merged catalogue object of one body. now_iso ("YYYY-MM-DDTHH:MM:SSZ")
 * is every object's lastChangeDateTime; NULL: the current time. Returns 0, or -1 with the
 * reason in err and nothing written (unknown qualification, a unit it names that the catalogue
 * does not hold, a catalogue without body.code). */
int case_export(const json_value *catalogue, const char *qual_code, const char *now_iso, jw *out,
                sbuf *err);
/* Reads a CASE package (an object with CFDocument, CFItems, CFAssociations) and writes the
 * assessd catalogue form {qualifications:[one], units:[...]} that produced it, or the closest
 * reading of a framework published elsewhere (items typed by CFItemType where known, otherwise
 * by depth), into out. Returns 0, or -1 with the reason in err and nothing written (not a
 * package, a CFDocument without identifier, an assessd package of another body than
 * body_code). */
int case_import(const json_value *package, const char *body_code, jw *out, sbuf *err);
/* Writes a JSON value as Lua table-constructor source text (a catalogue data file:
 * "return { ... }"), keys as identifiers where possible, strings escaped, readable indentation.
 * null becomes nil and an empty object {} (which lua_conv reads back as an empty list). */
void case_lua_text(const json_value *v, sbuf *out);

#endif
