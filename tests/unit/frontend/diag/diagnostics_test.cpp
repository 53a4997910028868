#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "frontend/diag/diagnostics.h"

using namespace mel::frontend;

namespace {
std::string read_all(std::FILE* f)
{
    std::rewind(f);
    std::string out;
    char buffer[512];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, f))
        out.append(buffer, n);
    return out;
}
SourceRange range_of(const SourceManager& sm, FileId f, std::string_view needle)
{
    const auto at = static_cast<std::uint32_t>(sm.text(f).find(needle));
    return {f, at, at + static_cast<std::uint32_t>(needle.size())};
}
} // namespace

TEST_CASE("S messages carry the position and the loader wrapper of their package")
{
    SourceManager sm;
    const FileId f = sm.add("demo.mel", "treatment main()\n{\n    foo()\n}\n");
    Diagnostics diags;
    diags.set_origin(f, PackageKind::Standalone, "demo");
    diags.report(DiagId::TreatmentNotFound, range_of(sm, f, "foo")).arg("foo");
    REQUIRE(diags.error_count() == 1);
    CHECK(render_message(sm, diags, diags.sorted()[0]) ==
          "L0190: Script error on demo: S0117: at line 3 position 4 element 'foo' is not imported nor locally available");
}

TEST_CASE("D messages are wrapped in S0000 with their design word; the phase picks the wrapper id")
{
    SourceManager sm;
    const FileId f = sm.add("app/main.mel", "treatment main()\n{\n  emit<u8>(valu = 1)\n}\n");
    Diagnostics diags;
    diags.set_origin(f, PackageKind::File, "app/main.mel");
    diags.report(DiagId::ParameterUnknown, range_of(sm, f, "valu")).arg("valu").arg("std/flow::emit").arg("app/main::main");
    CHECK(render_message(sm, diags, diags.sorted()[0]) ==
          "L0175: Script error on app/main.mel: S0000: at line 3 position 11 'valu': D0011: Parameter 'valu' does "
          "not exist for 'std/flow::emit' in 'app/main::main'");
}

TEST_CASE("load errors print bare; a D error without position prints S0000: Dnnnn")
{
    SourceManager sm;
    Diagnostics diags;
    diags.report(DiagId::PackageNotFound).arg("x (^1.0.0)");
    diags.report(DiagId::TreatmentDesignErroneous).arg("a::b");
    auto all = diags.sorted();
    CHECK(render_message(sm, diags, all[0]) == "L0209: No package 'x (^1.0.0)' found");
    CHECK(render_message(sm, diags, all[1]) == "S0000: D0068: Design for 'a::b' contains errors and cannot be commited");
}

TEST_CASE("render_all: source order, first error is the failure, duplicates once, excerpt with caret")
{
    SourceManager sm;
    const FileId f = sm.add("s.mel", "treatment main()\n{\n    foo()\n    bar()\n}\n");
    Diagnostics diags;
    diags.set_origin(f, PackageKind::Standalone, "s");
    diags.report(DiagId::TreatmentNotFound, range_of(sm, f, "bar")).arg("bar");
    diags.report(DiagId::TreatmentNotFound, range_of(sm, f, "foo")).arg("foo");
    diags.report(DiagId::TreatmentNotFound, range_of(sm, f, "foo")).arg("foo");
    std::FILE* out = std::tmpfile();
    render_all(out, sm, diags, RenderOptions{});
    const std::string text = read_all(out);
    std::fclose(out);
    CHECK(text == "failure: L0190: Script error on s: S0117: at line 3 position 4 element 'foo' is not imported nor "
                  "locally available\n"
                  " --> s.mel:3:5\n"
                  "  |\n"
                  "3 |     foo()\n"
                  "  |     ^~~\n"
                  "error: L0190: Script error on s: S0117: at line 4 position 4 element 'bar' is not imported nor "
                  "locally available\n"
                  " --> s.mel:4:5\n"
                  "  |\n"
                  "4 |     bar()\n"
                  "  |     ^~~\n");
}

TEST_CASE("the caret counts code points and stops at the end of the line")
{
    SourceManager sm;
    const FileId f = sm.add("u.mel", "use é/ü::x\nnext");
    const auto begin = static_cast<std::uint32_t>(sm.text(f).find("ü"));
    const std::string excerpt = render_excerpt(sm, {f, begin, begin + 100}, false);
    CHECK(excerpt == " --> u.mel:1:7\n  |\n1 | use é/ü::x\n  |       ^~~~\n");
}

TEST_CASE("warnings do not count as errors")
{
    Diagnostics diags;
    diags.report(DiagId::ShellSyntaxInCommand).arg("cd x && make").arg("&&");
    CHECK(diags.warning_count() == 1);
    CHECK_FALSE(diags.has_errors());
}

TEST_CASE("notes and help lines of the table print under their diagnostic, with an excerpt when placed")
{
    SourceManager sm;
    const FileId f = sm.add("n.mel", "treatment main()\n{\n    emitt()\n}\n");
    Diagnostics diags;
    diags.set_origin(f, PackageKind::Standalone, "n");
    diags.report(DiagId::TreatmentNotFound, range_of(sm, f, "emitt"))
        .arg("emitt")
        .note(NoteId::DidYouMean, {"'emit'"})
        .note(NoteId::InstanceHere, range_of(sm, f, "emitt"), {"emitt"});
    std::FILE* out = std::tmpfile();
    render_all(out, sm, diags, RenderOptions{});
    const std::string text = read_all(out);
    std::fclose(out);
    CHECK(
        text ==
        "failure: L0190: Script error on n: S0117: at line 3 position 4 element 'emitt' is not imported nor "
        "locally available\n"
        " --> n.mel:3:5\n"
        "  |\n"
        "3 |     emitt()\n"
        "  |     ^~~~~\n"
        "help: did you mean 'emit'?\n"
        "note: 'emitt' is instantiated here\n"
        " --> n.mel:3:5\n"
        "  |\n"
        "3 |     emitt()\n"
        "  |     ^~~~~\n");
}

TEST_CASE("the summary counts what was printed (issue 16), and says nothing when nothing was")
{
    SourceManager sm;
    const FileId f = sm.add("s.mel", "treatment main()\n{\n    foo()\n}\n");
    auto summary = [&](const Diagnostics& diags) {
        std::FILE* out = std::tmpfile();
        render_summary(out, sm, diags, "s.mel", false);
        std::string text = read_all(out);
        std::fclose(out);
        return text;
    };
    Diagnostics diags;
    CHECK(summary(diags).empty());
    diags.report(DiagId::ShellSyntaxInCommand).arg("a && b").arg("&&").arg("sh -c 'a && b'");
    CHECK(summary(diags) == "warning: 's.mel' checked with 1 warning\n");
    diags.report(DiagId::TreatmentNotFound, range_of(sm, f, "foo")).arg("foo");
    diags.report(DiagId::TreatmentNotFound, range_of(sm, f, "foo")).arg("foo"); // printed once
    CHECK(summary(diags) == "error: could not check 's.mel': 1 error, 1 warning\n");
    diags.report(DiagId::PackageNotFound).arg("x (^1.0.0)");
    CHECK(summary(diags) == "error: could not check 's.mel': 2 errors, 1 warning\n");
}

TEST_CASE("a loading error without position sorts first: what follows may be its consequences")
{
    SourceManager sm;
    const FileId f = sm.add("s.mel", "treatment main()\n{\n    foo()\n}\n");
    Diagnostics diags;
    diags.report(DiagId::TreatmentNotFound, range_of(sm, f, "foo")).arg("foo");
    diags.report(DiagId::TreatmentDesignErroneous).arg("a::b");
    diags.report(DiagId::PackageNotFound).arg("x (^1.0.0)");
    const auto all = diags.sorted();
    CHECK(all[0].id == DiagId::PackageNotFound);
    CHECK(all[1].id == DiagId::TreatmentNotFound);
    CHECK(all[2].id == DiagId::TreatmentDesignErroneous);
}
