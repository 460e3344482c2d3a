"""The `workbench` command line: a thin layer over the library, for batch work and scripts.

Commands (each documented in README.md; a test checks that):
  workbench translate ARTICLE [-o OUT] [--json] [--glossary FILE ...]
  workbench models list | install FILE | remove NAME | download FROM TO
  workbench glossary check FILE [--json]
  workbench glossary convert IN OUT        (CSV <-> TBX, by extension)
  workbench serve [--port PORT] [--address ADDRESS]

Exit codes: 0 success, 1 a problem with the input (message on stderr), 2 no German->English
model installed (message says how to install one). No traceback reaches the user for expected
problems.
"""

from __future__ import annotations

import argparse
import json
import sys
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
    tr.add_argument("article", type=Path, help="German article (.txt, .md, .docx, .html)")
    tr.add_argument(
        "-o", "--output", type=Path, help="write the English here (format by extension)"
    )
    tr.add_argument("--json", action="store_true", help="print segments as JSON")
    tr.add_argument(
        "--glossary", type=Path, action="append", default=[], help="glossary CSV (repeatable)"
    )
    tr.add_argument("--quiet", action="store_true", help="no progress bar")

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


# -- translate ---------------------------------------------------------------------------------


def cmd_translate(args) -> int:
    from workbench import models, pipeline
    from workbench.engine import engine_for

    document = _read_article(args.article)
    glossaries = [_load_glossary(path) for path in args.glossary]
    model = models.find_model("de", "en")
    if model is None:
        raise CommandError(models.NO_MODEL_HELP, EXIT_NO_MODEL)
    with _progress_bar(len(document.segments), quiet=args.quiet) as progress:
        pipeline.translate_document(document, engine_for(model), glossaries, progress=progress)
    if args.output:
        _write_output(document, args.output)
    if args.json:
        print(json.dumps(_json_document(document, model), ensure_ascii=False, indent=2))
    elif not args.output:
        sys.stdout.write(document.target_text())
    return EXIT_OK


def _read_article(path: Path):
    from workbench.documents import DocumentError, read_document

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return read_document(data, path.name)
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


def _write_output(document, path: Path) -> None:
    from workbench.documents import EXPORT_FORMATS, DocumentError, export_document, format_of

    try:
        fmt = format_of(path.name)
    except (DocumentError, ValueError, KeyError):
        known = ", ".join("." + f for f in EXPORT_FORMATS)
        raise CommandError(f"{path}: unknown output format; use one of {known}") from None
    try:
        path.write_bytes(export_document(document, fmt))
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
            }
            for s in document.segments
        ],
    }


class _progress_bar:
    """A tqdm bar on stderr for long inputs; a no-op callback otherwise."""

    def __init__(self, total: int, quiet: bool):
        self.bar = None
        if not quiet and total >= PROGRESS_FROM:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="segment", desc="Translating", file=sys.stderr)

    def __enter__(self):
        def update(done: int, total: int) -> None:
            if self.bar is not None:
                self.bar.update(done - self.bar.n)

        return update

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.close()


# -- models ------------------------------------------------------------------------------------


def cmd_models(args) -> int:
    from workbench import models

    try:
        if args.action == "list":
            return _list_models()
        if args.action == "install":
            model = models.install_model(args.file)
            print(f"Installed {model.label}")
        elif args.action == "remove":
            models.remove_model(args.name)
            print(f"Removed {args.name}")
        elif args.action == "download":
            print(f"Reading the package index {models.index_url()} ...", file=sys.stderr)
            model = models.download_model(args.from_code, args.to_code)
            print(f"Installed {model.label}")
    except models.ModelError as exc:
        raise CommandError(str(exc)) from None
    return EXIT_OK


def _list_models() -> int:
    from workbench import models

    installed = models.installed_models()
    active = models.find_model("de", "en")
    print(f"Models in {models.packages_dir()}:")
    for model in installed:
        mark = "*" if active and model.name == active.name else " "
        print(f"{mark} {model.name}\t{model.from_code}->{model.to_code}\t{model.version}")
    for problem in models.broken_models():
        print(f"! {problem}")
    if not installed:
        print("  (none) " + models.NO_MODEL_HELP)
    return EXIT_OK


# -- glossary ----------------------------------------------------------------------------------


def cmd_glossary(args) -> int:
    if args.action == "convert":
        return _convert_glossary(args.source_file, args.target_file)
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
    """CSV <-> TBX; problems are printed, the good terms still convert; never overwrites."""
    from workbench.documents import glossary_from_tbx, glossary_to_tbx
    from workbench.glossary.files import glossary_to_csv_bytes, parse_glossary

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
    write = glossary_to_tbx if target.suffix.lower() == ".tbx" else glossary_to_csv_bytes
    try:
        target.write_bytes(write(glossary))
    except OSError as exc:
        raise CommandError(f"cannot write {target}: {exc.strerror}") from None
    print(f"{target}: {len(glossary.terms)} terms written")
    return EXIT_PROBLEM if glossary.has_errors else EXIT_OK


def _load_glossary_quietly(path: Path):
    from workbench.glossary.files import read_glossary

    if not path.is_file():
        raise CommandError(f"{path}: no such glossary file")
    return read_glossary(path)


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
