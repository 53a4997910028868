// Declarations: files, `use`, models, treatments, header items, connection chains, annotations.
// Reference: melodium-lang/src/text/{script,use,model,treatment,connection}.rs.
#include "frontend/parse/ast_builder.h"

#include <algorithm>

#include "frontend/parse/annotations.h"

namespace mel::frontend {

using Parser = mel_antlr::MelodiumParser;

ast::File AstBuilder::file(Parser::FileContext* ctx) const
{
    ast::File out;
    out.file = m_tokens.file();
    for (auto* top : ctx->topDecl()) {
        if (auto* u = top->useDecl())
            out.uses.push_back(use(u));
        else if (auto* m = top->modelDecl())
            out.models.push_back(model(m));
        else if (auto* t = top->treatmentDecl())
            out.treatments.push_back(treatment(t));
    }
    return out;
}

ast::UseDecl AstBuilder::use(Parser::UseDeclContext* ctx) const
{
    ast::UseDecl out;
    for (auto* segment : ctx->usePath()->name())
        out.path.push_back(name(segment));
    auto* element = ctx->useElement();
    if (auto* n = dynamic_cast<Parser::UseNameElementContext*>(element)) {
        out.element = name(n->element);
        if (n->alias)
            out.alias = name(n->alias);
    } else if (auto* f = dynamic_cast<Parser::UseFunctionElementContext*>(element)) {
        out.element = m_tokens.name(f->element);
        if (f->alias)
            out.alias = m_tokens.name(f->alias);
    } else if (auto* c = dynamic_cast<Parser::UseContextElementContext*>(element)) {
        out.element = m_tokens.name(c->element);
        if (c->alias)
            out.alias = m_tokens.name(c->alias);
    }
    out.range = range(ctx);
    return out;
}

ast::ModelDecl AstBuilder::model(Parser::ModelDeclContext* ctx) const
{
    ast::ModelDecl out;
    out.keyword = name(ctx->MODEL());
    out.name = name(ctx->modelName);
    out.annotations = annotations(ctx->MODEL()->getSymbol());
    if (auto* params = ctx->paramDecls())
        for (auto* p : params->paramDecl())
            out.parameters.push_back(parameter(p));
    out.base = name(ctx->baseName);
    for (auto* a : ctx->modelAssign())
        out.assignments.push_back(assignment(a->name(), a->value(), a));
    out.range = range(ctx);
    return out;
}

ast::ParameterDecl AstBuilder::parameter(Parser::ParamDeclContext* ctx) const
{
    ast::ParameterDecl out;
    if (auto* variability = ctx->variability()) {
        out.variability = name(variability);
        out.name = name(ctx->name());
    } else {
        out.name = name(ctx->bareName());
    }
    out.type = type(ctx->type());
    if (auto* v = ctx->value())
        out.default_value = value(v);
    out.annotations = annotations(ctx->getStart());
    out.range = range(ctx);
    return out;
}

ast::TreatmentDecl AstBuilder::treatment(Parser::TreatmentDeclContext* ctx) const
{
    ast::TreatmentDecl out;
    out.keyword = name(ctx->TREATMENT());
    out.name = name(ctx->name());
    out.annotations = annotations(ctx->TREATMENT()->getSymbol());
    if (auto* generics = ctx->genericDecls()) {
        out.has_generics = true;
        for (auto* g : generics->genericDecl()) {
            ast::GenericDecl decl{type(g->type()), {}, range(g)};
            if (auto* bounds = g->traitBounds())
                decl.traits = traits(bounds);
            out.generics.push_back(std::move(decl));
        }
    }
    if (auto* slots = ctx->configDecls()) {
        out.has_slots = true;
        for (auto* s : slots->configDecl()) {
            ast::SlotDecl slot{name(s->name()), type(s->type()), std::nullopt, range(s)};
            if (auto* v = s->value())
                slot.default_value = value(v);
            out.slots.push_back(std::move(slot));
        }
    }
    if (auto* params = ctx->paramDecls())
        for (auto* p : params->paramDecl())
            out.parameters.push_back(parameter(p));
    for (auto* item : ctx->headerItem())
        header_item(item, out);
    for (auto* item : ctx->bodyItem()) {
        if (auto* inst = item->instantiation())
            out.instances.push_back(instantiation(inst));
        else
            connections(item->connectionChain(), out.connections);
    }
    out.range = range(ctx);
    return out;
}

void AstBuilder::header_item(Parser::HeaderItemContext* ctx, ast::TreatmentDecl& out) const
{
    auto port = [&](antlr4::tree::TerminalNode* keyword, Parser::NameContext* port_name,
                    Parser::TypeContext* t, Parser::ValueContext* v) {
        ast::PortDecl decl;
        decl.keyword = name(keyword);
        decl.name = name(port_name);
        decl.type = type(t);
        if (v)
            decl.default_value = value(v);
        decl.annotations = annotations(keyword->getSymbol());
        decl.range = range(ctx);
        return decl;
    };
    if (auto* input = dynamic_cast<Parser::InputDeclContext*>(ctx))
        out.inputs.push_back(port(input->INPUT(), input->name(), input->type(), input->value()));
    else if (auto* output = dynamic_cast<Parser::OutputDeclContext*>(ctx))
        out.outputs.push_back(port(output->OUTPUT(), output->name(), output->type(), output->value()));
    else if (auto* model_inst = dynamic_cast<Parser::ModelInstDeclContext*>(ctx))
        out.models.push_back(header_model(model_inst->modelInst()));
    else if (auto* require = dynamic_cast<Parser::RequireDeclContext*>(ctx))
        out.requires_.push_back(name(require->CONTEXT()));
}

// language.md §3.1: `a.x -> b.y,z -> c.w` is a.x→b.y then b.z→c.w; `a -> b -> c` is a→b then b→c.
// Only the first link carries the statement's annotations.
void AstBuilder::connections(Parser::ConnectionChainContext* ctx, std::vector<ast::Connection>& out) const
{
    const ast::Annotations statement_annotations = annotations(ctx->getStart());
    const std::size_t first = out.size();
    if (auto* data = dynamic_cast<Parser::DataChainContext*>(ctx)) {
        const auto links = data->dataLink();
        for (std::size_t i = 0; i < links.size(); ++i) {
            ast::Connection c;
            c.from = i == 0 ? name(data->name(0)) : name(links[i - 1]->name(0));
            c.from_port = name(data->name(i + 1));
            c.to = name(links[i]->name(0));
            c.to_port = name(links[i]->name(1));
            c.range =
                m_tokens.span(i == 0 ? data->getStart() : data->name(i + 1)->getStart(), links[i]->getStop());
            out.push_back(std::move(c));
        }
    } else if (auto* endpoints = dynamic_cast<Parser::EndpointChainContext*>(ctx)) {
        const auto names = endpoints->name();
        for (std::size_t i = 0; i + 1 < names.size(); ++i) {
            ast::Connection c;
            c.from = name(names[i]);
            c.to = name(names[i + 1]);
            c.range = m_tokens.span(names[i]->getStart(), names[i + 1]->getStop());
            out.push_back(std::move(c));
        }
    }
    if (out.size() > first)
        out[first].annotations = statement_annotations;
}

ast::Annotations AstBuilder::annotations(const antlr4::Token* first) const
{
    ast::Annotations out;
    const auto& tokens = m_tokens.tokens();
    std::size_t i = first->getTokenIndex();
    bool doc_found = false;
    while (i > 0 && tokens[i - 1]->getChannel() != antlr4::Token::DEFAULT_CHANNEL) {
        const antlr4::Token* t = tokens[--i];
        const std::size_t type = t->getType();
        if (!doc_found && type == Parser::DOC_LINE) {
            // Consecutive `///` lines form one documentation text (ours; the reference keeps the last line).
            std::vector<std::string_view> lines{m_tokens.text(t)};
            while (i > 0 && tokens[i - 1]->getType() == Parser::DOC_LINE &&
                   tokens[i - 1]->getLine() + 1 == tokens[i]->getLine())
                lines.push_back(m_tokens.text(tokens[--i]));
            std::reverse(lines.begin(), lines.end());
            out.doc = doc_lines_text(lines);
            doc_found = true;
        } else if (!doc_found && type == Parser::DOC_BLOCK) {
            out.doc = doc_comment_text(m_tokens.text(t));
            doc_found = true;
        } else if (type == Parser::ANNOTATION) {
            if (auto attribute = attribute_of(m_tokens.text(t)))
                out.attributes.push_back(ast::Attribute{std::move(attribute->first),
                                                        std::move(attribute->second), m_tokens.range(t)});
        }
    }
    std::reverse(out.attributes.begin(), out.attributes.end());
    return out;
}

} // namespace mel::frontend
