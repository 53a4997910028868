#pragma once

#include <memory>
#include <optional>
#include <string>

#include "frontend/diag/diagnostics.h"
#include "frontend/parse/parser.h"
#include "frontend/source/source_manager.h"

namespace mel::frontend::testing {

/// One parsed text, with what is needed to inspect its tree and its diagnostics.
struct Parsed {
    SourceManager sources;
    Diagnostics diags;
    FileId file;
    std::optional<ast::File> ast;

    /// The source text covered by `range`.
    std::string text(SourceRange range) const
    {
        return std::string(sources.text(file).substr(range.begin, range.end - range.begin));
    }
    /// The first diagnostic as the reference prints it (no loader wrapper: no origin is set).
    std::string message() const
    {
        const auto all = diags.sorted();
        return all.empty() ? std::string() : render_message(sources, diags, all.front());
    }
};

inline std::unique_ptr<Parsed> parse(std::string text)
{
    auto p = std::make_unique<Parsed>();
    p->file = p->sources.add("test.mel", std::move(text));
    p->ast = parse_area(p->sources, p->file, p->diags);
    return p;
}

} // namespace mel::frontend::testing
