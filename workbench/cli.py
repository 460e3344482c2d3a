"""The `workbench` command line: a thin layer over the library, for batch work and scripts.

Commands (each documented in README.md; a test checks that):
  workbench translate ARTICLE [-o OUT] [--json] [--glossary FILE ...] [--model NAME]
  workbench translate ARTICLE|FOLDER ... -o OUTDIR/ [--to EXT] [--json] [--glossary FILE ...] [--no-memory]
  workbench models list | install FILE | remove NAME | download FROM TO
  workbench glossary check FILE [--json]
  workbench glossary convert IN OUT        (CSV <-> TBX, by extension)
  workbench glossary stats [--glossary FILE ...] [--json]
  workbench glossary proposals [--glossary FILE ...] [--json]
  workbench terms suggest ARTICLE [--glossary FILE ...] [--json]
  workbench serve [--port PORT] [--address ADDRESS]
  workbench tm import FILE.tmx [--name NAME] [--replace] | export FILE.tmx [--memory NAME]
  workbench tm list | search TEXT [--json]

Exit codes: 0 success, 1 a problem with the input (message on stderr), 2 no German->English
model installed (message says how to install one). No traceback reaches the user for expected
problems.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

EXIT_OK, EXIT_PROBLEM, EXIT_NO_MODEL = 0, 1, 2
PROGRESS_FROM = 10  # segments: shorter inputs need no progress bar


class CommandError(Exception):
    """An expected problem: printed as one line, exit code attached."""

    def __init__(self, message: str, code: int = EXIT_PROBLEM):
        super().__init__(message)
        self.code = code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench", description="Offline German->English translation workbench"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    tr = sub.add_parser("translate", help="translate an article offline")
    tr.add_argument(
        "article",
        type=Path,
        nargs="+",
        help="German article (.txt, .md, .docx, .html); several, or a folder, with -o OUTDIR/",
    )
    tr.add_argument(
        "-o",
        "--output",
        type=Path,
        help="write the English here (format by extension); a folder for several articles",
    )
    tr.add_argument(
        "--to", metavar="EXT", help="with several articles: the format of every output file"
    )
    tr.add_argument("--json", action="store_true", help="print segments as JSON")
    tr.add_argument(
        "--glossary", type=Path, action="append", default=[], help="glossary CSV (repeatable)"
    )
    tr.add_argument("--quiet", action="store_true", help="no progress bar")
    tr.add_argument(
        "--model",
        metavar="NAME",
        help="installed model to use (default: the one chosen as default)",
    )
    tr.add_argument(
        "--no-memory", action="store_true", help="do not fill segments from the translation memory"
    )

    models = sub.add_parser("models", help="list, install, remove or download translation models")
    msub = models.add_subparsers(dest="action", required=True)
    msub.add_parser("list", help="installed models")
    inst = msub.add_parser("install", help="install a .argosmodel file")
    inst.add_argument("file", type=Path)
    rem = msub.add_parser("remove", help="remove an installed model by name")
    rem.add_argument("name")
    dl = msub.add_parser("download", help="download from the Argos package index")
    dl.add_argument("from_code")
    dl.add_argument("to_code")

    gl = sub.add_parser("glossary", help="work with glossary CSV files")
    gsub = gl.add_subparsers(dest="action", required=True)
    check = gsub.add_parser("check", help="show a glossary's entries and problems")
    check.add_argument("file", type=Path)
    check.add_argument("--json", action="store_true")
    convert = gsub.add_parser(
        "convert", help="convert a glossary between CSV and TBX (by extension)"
    )
    convert.add_argument("source_file", type=Path)
    convert.add_argument("target_file", type=Path)
    stats = gsub.add_parser(
        "stats", help="per entry: hits over the workspace's documents and how they got in"
    )
    stats.add_argument(
        "--glossary", type=Path, action="append", default=[], help="glossary CSV (repeatable)"
    )
    stats.add_argument("--json", action="store_true")
    proposals = gsub.add_parser(
        "proposals", help="glossary rows proposed from the changes people made to the English"
    )
    proposals.add_argument(
        "--glossary", type=Path, action="append", default=[], help="glossary CSV (repeatable)"
    )
    proposals.add_argument("--json", action="store_true")

    terms = sub.add_parser("terms", help="term candidates for the glossaries")
    tsub = terms.add_subparsers(dest="action", required=True)
    suggest = tsub.add_parser(
        "suggest", help="names, acronyms and compounds of an article that no glossary covers"
    )
    suggest.add_argument("article", type=Path, help="German article (.txt, .md, .docx, .html)")
    suggest.add_argument(
        "--glossary",
        type=Path,
        action="append",
        default=[],
        help="glossary CSV (repeatable; default: every CSV in the glossaries folder)",
    )
    suggest.add_argument("--json", action="store_true")

    tm = sub.add_parser("tm", help="the translation memory: import, export, list, search")
    tmsub = tm.add_subparsers(dest="action", required=True)
    tm_import = tmsub.add_parser("import", help="import a TMX file as a memory of its own")
    tm_import.add_argument("file", type=Path)
    tm_import.add_argument("--name", help="the memory's name (default: the file name)")
    tm_import.add_argument(
        "--replace", action="store_true", help="replace a memory of the same name"
    )
    tm_export = tmsub.add_parser("export", help="write the memory as TMX 1.4b")
    tm_export.add_argument("file", type=Path)
    tm_export.add_argument("--memory", help="only this memory (default: all)")
    tmsub.add_parser("list", help="the memories and their units")
    tm_search = tmsub.add_parser("search", help="concordance: a word or phrase, German or English")
    tm_search.add_argument("text")
    tm_search.add_argument("--json", action="store_true")

    serve = sub.add_parser("serve", help="start the browser app (this machine only by default)")
    serve.add_argument("--port", type=_port, default=8501, help="default 8501")
    serve.add_argument(
        "--address",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only; there is no sign-in)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {
        "translate": cmd_translate,
        "models": cmd_models,
        "glossary": cmd_glossary,
        "terms": cmd_terms,
        "tm": cmd_tm,
        "serve": cmd_serve,
    }
    try:
        return handlers[args.command](args) or EXIT_OK
    except CommandError as exc:
        print(f"workbench: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("workbench: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `workbench ... | head`: the reader has all it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes stdout
        return EXIT_OK


# -- translate ---------------------------------------------------------------------------------


def cmd_translate(args) -> int:
    from workbench import pipeline
    from workbench.engine import engine_for

    if _many_articles(args):
        return _translate_many(args)
    document, original = _read_article(args.article[0])
    glossaries = [_load_glossary(path) for path in args.glossary]
    model = _german_english_model(args.model)
    memory = None if args.no_memory else _memory_lookup()
    with _progress_bar(len(document.segments), quiet=args.quiet) as progress:
        pipeline.translate_document(
            document, engine_for(model), glossaries, progress=progress, memory=memory
        )
    if args.output:
        _write_output(document, args.output, original)
    if args.json:
        print(json.dumps(_json_document(document, model), ensure_ascii=False, indent=2))
    elif not args.output:
        sys.stdout.write(document.target_text())
    return EXIT_OK


def _many_articles(args) -> bool:
    """Several articles, a folder, or an output folder ("OUT/" or an existing folder)."""
    output = args.output
    to_folder = output is not None and (output.is_dir() or str(output).endswith(("/", os.sep)))
    many = len(args.article) > 1 or args.article[0].is_dir() or to_folder
    if many and output is None:
        raise CommandError("several articles need an output folder: -o OUTDIR/")
    if args.to and not many:
        raise CommandError("--to is for several articles; for one, give -o OUT.EXT")
    return many


def _translate_many(args) -> int:
    from workbench import batch
    from workbench.documents import SUPPORTED_EXTENSIONS, DocumentError, format_of
    from workbench.engine import engine_for

    articles = batch.article_files(args.article)
    if not articles:
        raise CommandError(f"no articles ({', '.join(SUPPORTED_EXTENSIONS)}) in {args.article[0]}")
    try:
        fmt = format_of(args.to) if args.to else None
    except DocumentError as exc:
        raise CommandError(str(exc)) from None
    glossaries = [_load_glossary(path) for path in args.glossary]
    model = _german_english_model(args.model)
    try:
        args.output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CommandError(f"cannot create {args.output}: {exc.strerror}") from None
    engine = engine_for(model)
    memory = None if args.no_memory else _memory_lookup()
    with _progress_bar(0, quiet=args.quiet, many=True) as progress:
        results = batch.translate_files(
            articles, args.output, engine, glossaries, fmt=fmt, progress=progress, memory=memory
        )
    _print_summary(results, model, as_json=args.json)
    return EXIT_OK if all(r.ok for r in results) else EXIT_PROBLEM


def _print_summary(results, model, *, as_json: bool) -> None:
    if as_json:
        rows = [
            {
                "article": str(r.article),
                "output": str(r.output) if r.output and r.ok else None,
                "segments": r.segments,
                "flagged": r.flagged,
                "flags": r.flags,
                "error": r.error or None,
            }
            for r in results
        ]
        print(json.dumps({"model": model.name, "files": rows}, ensure_ascii=False, indent=2))
        return
    for r in results:
        if r.ok:
            flags = ", ".join(f"{code} {n}" for code, n in sorted(r.flags.items()))
            print(
                f"{r.article} -> {r.output}: {r.segments} segments, {r.flagged} flagged"
                + (f" ({flags})" if flags else "")
            )
    failed = [r for r in results if not r.ok]
    for r in failed:
        print(f"workbench: {r.error}", file=sys.stderr)
    done = len(results) - len(failed)
    summary = f"{done} of {len(results)} articles translated"
    print(summary + (f"; {len(failed)} failed (see above)" if failed else ""), file=sys.stderr)


def _read_article(path: Path):
    from workbench.documents import DocumentError, read_document

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from None
    try:  # the file itself too: .docx and .html are written out from it
        return read_document(data, path.name), (path.name, data)
    except DocumentError as exc:
        raise CommandError(str(exc)) from None


def _load_glossary(path: Path):
    from workbench.glossary.files import read_glossary

    if not path.is_file():
        raise CommandError(f"{path}: no such glossary file")
    glossary = read_glossary(path)
    for problem in glossary.problems:
        print(f"workbench: {problem}", file=sys.stderr)
    return glossary


def _write_output(document, path: Path, original=None) -> None:
    from workbench.documents import EXPORT_FORMATS, DocumentError, export_document, format_of

    try:
        fmt = format_of(path.name)
    except (DocumentError, ValueError, KeyError):
        known = ", ".join("." + f for f in EXPORT_FORMATS)
        raise CommandError(f"{path}: unknown output format; use one of {known}") from None
    try:
        path.write_bytes(export_document(document, fmt, original))
    except DocumentError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror}") from None


def _json_document(document, model) -> dict:
    from dataclasses import asdict

    return {
        "model": model.name,
        "segments": [
            {
                "index": s.index,
                "paragraph": s.paragraph,
                "source": s.source,
                "target": s.target,
                "score": s.score,
                "alternatives": s.alternatives,
                "hits": [asdict(h) for h in s.hits],
                "flags": [asdict(f) for f in s.flags],
                "origin": s.origin,
                "tm": [asdict(m) for m in s.tm],
            }
            for s in document.segments
        ],
    }


class _progress_bar:
    """A tqdm bar on stderr for long inputs; a no-op callback otherwise."""

    def __init__(self, total: int, quiet: bool, many: bool = False):
        self.bar = None
        if not quiet and (many or total >= PROGRESS_FROM):
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="segment", desc="Translating", file=sys.stderr)

    def __enter__(self):
        def update(done: int, total: int) -> None:
            if self.bar is not None:
                if self.bar.total != total:  # several articles: known once they are read
                    self.bar.total = total
                    self.bar.refresh()
                self.bar.update(done - self.bar.n)

        return update

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.close()


def _memory_lookup():
    from workbench.memory.lookup import MemoryLookup, threshold_setting

    try:
        memory = _memory()
    except CommandError as exc:  # the article is still translated, by the model alone
        print(f"workbench: {exc} Translating without the translation memory.", file=sys.stderr)
        return None
    return MemoryLookup(memory, threshold_setting())


def _memory():
    from workbench.memory import TranslationMemory
    from workbench.workspace import WorkspaceError, default_workspace_path

    try:
        return TranslationMemory(default_workspace_path())
    except WorkspaceError as exc:
        raise CommandError(str(exc)) from None


# -- translation memory ------------------------------------------------------------------------


def cmd_tm(args) -> int:
    from workbench.memory import TmxError, import_tmx_file
    from workbench.memory.tmx import write_tmx
    from workbench.workspace import WorkspaceError

    memory = _memory()
    try:
        if args.action == "import":
            report = import_tmx_file(memory, args.file, args.name, replace=args.replace)
            for problem in report.problems:
                print(f"workbench: {problem}", file=sys.stderr)
            if report.unlisted:
                print(f"workbench: ...and {report.unlisted} more units skipped", file=sys.stderr)
            name = " ".join((args.name or args.file.stem).split())
            print(f"{report.units} units imported into the memory {_quote(name)}", end="")
            print(f", {report.skipped} skipped" if report.skipped else "")
            return EXIT_OK
        if args.action == "export":
            return _export_memory(memory, args.file, args.memory, write_tmx)
        if args.action == "list":
            for info in memory.memories():
                origin = f"  from {_quote(info.origin)}" if info.origin else ""
                print(f"{_quote(info.name)}\t{info.kind}\t{info.units} units{origin}")
            return EXIT_OK
        units = memory.search(args.text)
        if args.json:
            payload = [
                {"source": u.source, "target": u.target, "memory": u.memory, "document": u.document}
                for u in units
            ]
            print(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            for u in units:
                where = f" ({_quote(u.document)})" if u.document else ""
                print(f"[{_quote(u.memory)}{where}]\n  de: {u.source}\n  en: {u.target}")
            if not units:
                print("no units found", file=sys.stderr)
        return EXIT_OK
    except (TmxError, WorkspaceError) as exc:
        raise CommandError(str(exc)) from None


def _export_memory(memory, path: Path, name: str | None, write_tmx) -> int:
    if path.exists():
        raise CommandError(f"{path} exists already; choose another file name")
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("wb") as out:
            count = write_tmx(memory.units(name), out)
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    print(f"{count} units written to {path}")
    return EXIT_OK


# -- models ------------------------------------------------------------------------------------


def cmd_models(args) -> int:
    from workbench import models

    try:
        if args.action == "list":
            return _list_models()
        if args.action == "install":
            model = models.install_model(args.file)
            print(f"Installed {models.one_line(model.label)}")
        elif args.action == "remove":
            name = models.name_as_typed(args.name)
            models.remove_model(name)
            print(f"Removed {models.one_line(name)}")
        elif args.action == "download":
            print(f"Reading the package index {models.index_url()} ...", file=sys.stderr)
            model = models.download_model(args.from_code, args.to_code)
            print(f"Installed {models.one_line(model.label)}")
    except models.ModelError as exc:
        raise CommandError(str(exc)) from None
    return EXIT_OK


def _german_english_model(name: str | None = None):
    """The named model, else the default chosen on the Models page (else the best installed)."""
    from workbench import model_choice, models

    if name:
        model = models.find_model("de", "en", name=name)
        if model is None:
            names = ", ".join(m.name for m in model_choice.candidates("de", "en")) or "none"
            raise CommandError(
                f"No German->English model named {name!r} is installed (installed: {names}). "
                "See `workbench models list`.",
                EXIT_NO_MODEL,
            )
        return model
    model = model_choice.chosen_model("de", "en")
    if model is None:
        raise CommandError(models.NO_MODEL_HELP, EXIT_NO_MODEL)
    return model


def _list_models() -> int:
    from workbench import models
    from workbench.model_choice import chosen_model
    from workbench.models import one_line

    installed = models.installed_models()
    active = chosen_model("de", "en")  # what translations use: the default, else the best
    print(f"Models in {one_line(str(models.packages_dir()))}:")
    for model in installed:
        # every field comes from the package: escaped, so one model is always one line
        mark = "*" if active and model.name == active.name else " "
        fields = (model.name, f"{model.from_code}->{model.to_code}", model.version)
        print(f"{mark} " + "\t".join(one_line(field) for field in fields))
    for problem in models.broken_models():
        print(f"! {one_line(problem)}")
    if not installed:
        print("  (none) " + models.NO_MODEL_HELP)
    return EXIT_OK


# -- glossary ----------------------------------------------------------------------------------


def cmd_glossary(args) -> int:
    if args.action == "convert":
        return _convert_glossary(args.source_file, args.target_file)
    if args.action == "stats":
        return _glossary_stats(args)
    if args.action == "proposals":
        return _glossary_proposals(args)
    from dataclasses import asdict

    glossary = _load_glossary_quietly(args.file)
    if args.json:
        payload = {
            "file": str(args.file),
            "terms": [asdict(t) for t in glossary.terms],
            "problems": [asdict(p) for p in glossary.problems],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(f"{args.file}: {len(glossary.terms)} terms, {len(glossary.problems)} problems")
        for term in glossary.terms:
            print(f"  {term.line:>4}  {term.source}  ->  {term.target}")
        for problem in glossary.problems:
            print(f"  {problem}")
    return EXIT_PROBLEM if glossary.has_errors else EXIT_OK


GLOSSARY_FORMATS = (".csv", ".tbx")


def _convert_glossary(source: Path, target: Path) -> int:
    """CSV <-> TBX; problems are printed, the good terms still convert; never overwrites, and
    writes nothing when no term could be read."""
    from workbench.documents import glossary_from_tbx, glossary_to_tbx
    from workbench.glossary.files import glossary_to_csv_bytes, parse_glossary, write_new_file

    for path in (source, target):
        if path.suffix.lower() not in GLOSSARY_FORMATS:
            raise CommandError(f"{path}: use a .csv or .tbx file")
    if target.exists():
        raise CommandError(f"{target} exists already; choose another name (nothing was written)")
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {source}: {exc.strerror}") from None
    read = glossary_from_tbx if source.suffix.lower() == ".tbx" else parse_glossary
    glossary = read(data, source.name)
    for problem in glossary.problems:
        print(f"workbench: {problem}", file=sys.stderr)
    if not glossary.terms:
        reasons = [p.message for p in glossary.problems if p.severity == "error"]
        why = f"no term could be read ({reasons[0]})" if reasons else "it holds no terms"
        raise CommandError(f"{source}: {why}; nothing was written to {target}")
    write = glossary_to_tbx if target.suffix.lower() == ".tbx" else glossary_to_csv_bytes
    try:
        write_new_file(target, write(glossary))
    except FileExistsError:
        raise CommandError(
            f"{target} exists already; choose another name (nothing was written)"
        ) from None
    except OSError as exc:
        raise CommandError(f"cannot write {target}: {exc.strerror}") from None
    print(f"{target}: {len(glossary.terms)} terms written")
    return EXIT_PROBLEM if glossary.has_errors else EXIT_OK


def _load_glossary_quietly(path: Path):
    from workbench.glossary.files import read_glossary

    if not path.is_file():
        raise CommandError(f"{path}: no such glossary file")
    return read_glossary(path)


def _glossary_proposals(args) -> int:
    from workbench.glossary.proposals import dismissed_proposals, find_proposals
    from workbench.settings import SettingsError
    from workbench.workspace import Workspace, WorkspaceError, default_workspace_path

    glossaries = [_load_glossary(path) for path in args.glossary]
    path = default_workspace_path()
    try:
        workspace = Workspace(path) if path.exists() else None
        found = find_proposals(workspace, glossaries, dismissed_proposals())
    except (WorkspaceError, SettingsError) as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        payload = {"workspace": str(path), "proposals": [asdict(p) for p in found]}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not found:
        print("No proposals: no change to the English was made the same way in 3+ segments.")
    for p in found:
        print(f"{p.source} -> {p.target} (forbidden: {p.forbidden}), {len(p.evidence)} segments")
        for e in p.evidence:
            print(f"    {e.document} #{e.index + 1}: {e.machine!r} -> {e.target!r}")
    return EXIT_OK


def _glossary_stats(args) -> int:
    from workbench.glossary.stats import entry_stats
    from workbench.workspace import Workspace, WorkspaceError, default_workspace_path

    glossaries = [_load_glossary(path) for path in args.glossary]
    path = default_workspace_path()
    try:
        stats = entry_stats(Workspace(path) if path.exists() else None, glossaries)
    except WorkspaceError as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        payload = {"workspace": str(path), "entries": [e.as_dict() for e in stats]}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not path.exists():
        print(f"No workspace yet at {path}: translate a document first.")
    print(f"{'hits':>5} {'docs':>5} {'model':>6} {'repair':>6} {'forced':>6} {'missing':>7}  entry")
    for e in stats:
        helped = f"{e.repaired:>6} {e.forced:>6} {e.missing:>7}"
        print(f"{e.hits:>5} {e.documents:>5} {e.by_model:>6} {helped}  {e.source} -> {e.target}")
        if e.advice:
            print(f"{'':>39}  ({e.advice})")
    return EXIT_OK


# -- terms -------------------------------------------------------------------------------------


def cmd_terms(args) -> int:
    from workbench import models
    from workbench.engine import engine_for
    from workbench.glossary.suggest import term_candidates

    document, _ = _read_article(args.article)
    paths = args.glossary or _glossaries_folder_files()
    glossaries = [_load_glossary(path) for path in paths]
    model = models.find_model("de", "en")
    if model is None:
        print(
            f"workbench: candidates are listed without an English proposal. {models.NO_MODEL_HELP}",
            file=sys.stderr,
        )
    engine = engine_for(model) if model else None
    candidates = term_candidates(document, glossaries, engine)
    if args.json:
        payload = {
            "article": str(args.article),
            "model": model.name if model else None,
            "glossaries": [str(p) for p in paths],
            "candidates": [asdict(c) for c in candidates],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return EXIT_OK
    covered = ", ".join(p.name for p in paths) or "no glossary"
    print(f"{args.article}: {len(candidates)} term candidates not in {covered}")
    for c in candidates:
        proposal = f"  ->  {c.proposal}" if c.proposal else ""
        print(f"{c.count:>4}  {c.kind:<8}  {c.term}{proposal}")
        more = f" (and {len(c.sentences) - 1} more)" if len(c.sentences) > 1 else ""
        print(f"{'':>16}{_quote(c.sentences[0])}{more}")
    return EXIT_OK


def _glossaries_folder_files() -> list[Path]:
    from workbench.settings import glossaries_dir

    folder = glossaries_dir()
    return sorted(folder.glob("*.csv")) if folder.is_dir() else []


def _quote(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return f'"{text if len(text) <= limit else text[: limit - 3] + "..."}"'


# -- serve -------------------------------------------------------------------------------------


def cmd_serve(args) -> int:
    """Replaces this process with the Streamlit server (see workbench.serving)."""
    from workbench import serving

    try:
        serving.serve(args.port, args.address)
    except OSError as exc:  # the Python running Streamlit could not be started
        raise CommandError(f"cannot start the app: {exc}") from None
    return EXIT_OK  # not reached: serve() never returns


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1-65535)")
    return port


if __name__ == "__main__":
    sys.exit(main())
