"""The brief's PDF as a PDF/UA-1 checker reads its tables and page footers.

An accessibility reviewer found that WeasyPrint's tagged PDF gave its table headers no /Scope, named
them from the data cells by ids no /IDTree resolved, left the first column (the targets, the scopes) as
data cells, and marked the running footer as content that no structure element reaches and no
/Artifact covers.
"""

from pathlib import Path

import pytest
from barometre.api import results
from barometre.brief import build_content
from barometre.brief.pdf import brief_html
from barometre.cli import main
from barometre.i18n import t
from conftest import DEMO
from markupsafe import escape
from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject

pytestmark = pytest.mark.cost(8)  # CPU-seconds: the costliest start first (conftest)

PERIOD = "2022-2023"
LANGS = ["fr", "en"]


@pytest.fixture(scope="module")
def briefs(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("briefs")
    assert main(["brief", "--data", str(DEMO), "--period", PERIOD, "--out", str(out), "--lang", "fr,en"]) == 0
    return out / PERIOD


def tree_of(reader: PdfReader) -> DictionaryObject:
    return reader.trailer["/Root"]["/StructTreeRoot"]


def kids(node) -> list:
    found = node.get("/K") if isinstance(node, DictionaryObject) else None
    return list(found) if isinstance(found, ArrayObject) else [] if found is None else [found]


def elements(node, page=None, parent=None):
    """(element, its object number, its page's object number, its parent element) under ``node``."""
    for kid in kids(node):
        if isinstance(kid, IndirectObject) and "/S" in kid.get_object():
            element = kid.get_object()
            pg = element.raw_get("/Pg") if "/Pg" in element else None
            on = pg.idnum if isinstance(pg, IndirectObject) else page
            yield element, kid.idnum, on, parent
            yield from elements(element, on, element)


def table_attributes(cell) -> DictionaryObject:
    found = cell.get("/A")
    for item in found if isinstance(found, ArrayObject) else [found]:
        if isinstance(item, DictionaryObject) and item.get("/O") == "/Table":
            return item
    return DictionaryObject()


def cells_of(table):
    """(cell, its row, the row's group tag) of a table."""
    for group in kids(table):
        group = group.get_object()
        if not isinstance(group, DictionaryObject) or group.get("/S") not in ("/THead", "/TBody", "/TFoot"):
            continue
        for row in kids(group):
            row = row.get_object()
            for cell in kids(row):
                cell = cell.get_object()
                if isinstance(cell, DictionaryObject) and cell.get("/S") in ("/TH", "/TD"):
                    yield cell, row, group["/S"]


def tables_and_ids(reader: PdfReader) -> tuple[list, dict[str, int]]:
    """The /Table elements, and the /IDTree's ids with the object number of the element each names."""
    tree = tree_of(reader)
    assert "/IDTree" in tree, "no /IDTree: the /Headers ids of the table cells resolve to nothing"
    names = tree["/IDTree"]["/Names"]
    keys = [str(k) for k in names[::2]]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)  # a name tree's keys, in order
    resolved = {str(k): ref.idnum for k, ref in zip(names[::2], names[1::2], strict=True)}
    tables = [e for e, *_ in elements(tree) if e["/S"] == "/Table"]
    assert len(tables) == 2  # the targets, and the index by contribution and ambition
    return tables, resolved


def headers_of(table) -> dict[int, DictionaryObject]:
    return {cell.indirect_reference.idnum: cell for cell, _, _ in cells_of(table) if cell["/S"] == "/TH"}


@pytest.mark.parametrize("lang", LANGS)
def test_every_header_is_scoped_and_every_header_id_resolves(briefs, lang):
    """/TH had no /Scope, and the /Headers ids of /TD resolved to nothing: the tree root had no /IDTree."""
    tables, resolved = tables_and_ids(PdfReader(briefs / lang / "brief.pdf"))
    for table in tables:
        headers = headers_of(table)
        for cell in headers.values():
            assert table_attributes(cell).get("/Scope") in ("/Column", "/Row"), dict(cell)
            assert resolved[str(cell["/ID"])] == cell.indirect_reference.idnum
        for cell, _, group in cells_of(table):
            if group == "/THead":
                assert cell["/S"] == "/TH" and table_attributes(cell)["/Scope"] == "/Column"
            if cell["/S"] == "/TD":
                named = [resolved[str(h)] for h in table_attributes(cell)["/Headers"]]
                assert named and all(n in headers for n in named), "a /Headers id is no header of this table"


@pytest.mark.parametrize("lang", LANGS)
def test_every_data_cell_names_its_row_and_its_column(briefs, lang):
    """The first column (« 1.1 Services conçus… », the index's scopes) was data cells: a value was read
    with its column's header only, never with the target or scope it is the value of."""
    tables, resolved = tables_and_ids(PdfReader(briefs / lang / "brief.pdf"))
    for table in tables:
        headers = headers_of(table)
        rows = 0
        for cell, row, group in cells_of(table):
            if group == "/THead" or cell is not kids(row)[0].get_object():
                continue
            rows += 1
            assert cell["/S"] == "/TH" and table_attributes(cell)["/Scope"] == "/Row"
            for data in (k.get_object() for k in kids(row)[1:]):
                assert data["/S"] == "/TD"
                named = {table_attributes(headers[resolved[str(h)]])["/Scope"]: headers[resolved[str(h)]]
                         for h in table_attributes(data)["/Headers"]}  # fmt: skip
                assert named.keys() == {"/Row", "/Column"} and named["/Row"] is cell
        assert rows >= 3
    content = build_content(results(DEMO), PERIOD, lang)
    html = brief_html(content, "test")
    for r in content.rows:  # the row's header is its target, written as before
        assert f'<tr><th scope="row">{escape(r.id)} {escape(r.label)}</th>' in html


def marked_mcids(page) -> list[int]:
    """The MCIDs of the marked content on a page's content stream."""
    found = []
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"BDC" and isinstance(operands[1], DictionaryObject) and "/MCID" in operands[1]:
            found.append(int(operands[1]["/MCID"]))
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_all_marked_content_is_reached_from_the_structure_tree(briefs, lang):
    """The footer's marked content had structure parents linked to no tree: content neither tagged nor artifact."""
    reader = PdfReader(briefs / lang / "brief.pdf")
    tree = tree_of(reader)
    reached: dict[int, set[int]] = {}
    in_tree = set()
    for element, number, page, _ in elements(tree):
        in_tree.add(number)
        for kid in kids(element):
            kid = kid.get_object() if isinstance(kid, IndirectObject) else kid
            if isinstance(kid, int):
                reached.setdefault(page, set()).add(int(kid))
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
                reached.setdefault(page, set()).add(int(kid["/MCID"]))
    nums = tree["/ParentTree"]["/Nums"]
    parents = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}
    for page in reader.pages:
        marked = marked_mcids(page)
        assert marked and len(marked) == len(set(marked))
        loose = sorted(set(marked) - reached.get(page.indirect_reference.idnum, set()))
        assert not loose, f"MCIDs {loose} of page {page.page_number + 1} are not in the structure tree"
        entry = parents[int(page["/StructParents"])]
        for number in marked:  # the parent tree names, for each MCID, an element of the tree
            assert entry[number].idnum in in_tree
        assert len(entry) == max(marked) + 1  # no parent for content that is no longer tagged


def text_by_marking(page) -> dict[bool, str]:
    """A page's text, split into what is inside /Artifact marked content (True) and the rest."""
    stack: list[str] = []
    parts: dict[bool, list[str]] = {True: [], False: []}

    def before(operator, operands, cm, tm):
        if operator in (b"BDC", b"BMC"):
            stack.append(str(operands[0]))
        elif operator == b"EMC" and stack:
            stack.pop()

    def text(said, cm, tm, font, size):
        parts["/Artifact" in stack].append(said)

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return {k: " ".join("".join(v).split()) for k, v in parts.items()}


@pytest.mark.parametrize("lang", LANGS)
def test_the_running_footer_is_a_pagination_artifact(briefs, lang):
    """« Note au cabinet — 2022-2023 · Données fictives. 1 / 2 » was marked content outside the tree."""
    reader = PdfReader(briefs / lang / "brief.pdf")
    footer = f"{t('brief.title', lang, period=PERIOD)} · {t('banner.synthetic_title', lang)}"
    for number, page in enumerate(reader.pages, start=1):
        text = text_by_marking(page)
        assert footer in text[True] and f"{number} / {len(reader.pages)}" in text[True], text[True]
        assert footer not in text[False]
        artifacts = [o for o, op in ContentStream(page.get_contents(), reader).operations
                     if op == b"BDC" and o[0] == "/Artifact"]  # fmt: skip
        assert artifacts and all(o[1] == {"/Type": "/Pagination", "/Subtype": "/Footer"} for o in artifacts)
    assert not list(briefs.glob(f"{lang}/.*.tmp"))  # repaired in the file written beside it, then moved


def titles(items):
    for item in items:
        yield from titles(item) if isinstance(item, list) else [item["/Title"]]


def fonts(reader: PdfReader):
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                yield descendant.get_object()


@pytest.mark.parametrize("lang", LANGS)
def test_the_repair_keeps_weasyprint_s_metadata_text_and_drawing(lang, tmp_path):
    """Rewritten by pypdf, the PDF keeps PDF/UA's identification, language, title, bookmarks, embedded
    fonts, its text as screen readers and copy-paste read it, and every drawing operator as it was."""
    from barometre.brief.pdf_tags import accessible_pdf
    from weasyprint import HTML

    content = build_content(results(DEMO), PERIOD, lang)
    raw = HTML(string=brief_html(content, "test")).write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)
    fixed = accessible_pdf(raw)
    assert raw.startswith(b"%PDF-1.7") and fixed.startswith(b"%PDF-1.7")
    before = PdfReader(_written(tmp_path / "raw.pdf", raw))
    after = PdfReader(_written(tmp_path / "fixed.pdf", fixed))
    root, was = after.trailer["/Root"], before.trailer["/Root"]
    assert root["/Lang"] == was["/Lang"] == {"fr": "fr-CA", "en": "en-CA"}[lang]
    assert root["/MarkInfo"]["/Marked"] and root["/ViewerPreferences"]["/DisplayDocTitle"]
    xmp = root["/Metadata"].get_data()
    assert xmp == was["/Metadata"].get_data() and b'pdfuaid:part="1"' in xmp
    assert (
        after.metadata == before.metadata and after.xmp_metadata.dc_title["x-default"] == after.metadata.title
    )
    assert after.metadata.title.startswith(t("brief.title", lang, period=PERIOD))
    bookmarks = list(titles(after.outline))
    assert bookmarks == list(titles(before.outline)) and t("brief.h.risks", lang) in bookmarks
    embedded = [f["/FontDescriptor"].keys() & {"/FontFile", "/FontFile2", "/FontFile3"} for f in fonts(after)]
    assert embedded and all(embedded)
    assert sorted(f["/BaseFont"] for f in fonts(after)) == sorted(f["/BaseFont"] for f in fonts(before))
    assert [p.extract_text() for p in after.pages] == [p.extract_text() for p in before.pages]
    for old, new in zip(before.pages, after.pages, strict=True):
        drawn = [op for op in ContentStream(old.get_contents(), before).operations if op[1] != b"BDC"]
        assert [op for op in ContentStream(new.get_contents(), after).operations if op[1] != b"BDC"] == drawn


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_marked_content_written_otherwise_is_repaired_all_the_same(tmp_path):
    """Marked content whose properties say more than the MCID (« <</MCID 7 /Lang (fr-CA)>> ») is not
    written as WeasyPrint 70 writes it: the footer is an artifact all the same, the rest still tagged."""
    import io
    import re

    from barometre.brief.pdf_tags import accessible_pdf
    from pypdf import PdfWriter
    from weasyprint import HTML

    content = build_content(results(DEMO), PERIOD, "fr")
    raw = HTML(string=brief_html(content, "test")).write_pdf(pdf_variant="pdf/ua-1")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(raw)))
    writer.pdf_header = b"%PDF-1.7"
    for page in writer.pages:
        stream = page["/Contents"].get_object()
        stream.set_data(re.sub(rb"<</MCID (\d+)>>", rb"<</MCID \1 /Lang (fr-CA)>>", stream.get_data()))
    written = io.BytesIO()
    writer.write(written)
    reader = PdfReader(_written(tmp_path / "fixed.pdf", accessible_pdf(written.getvalue())))
    footer = f"{t('brief.title', 'fr', period=PERIOD)} · {t('banner.synthetic_title', 'fr')}"
    for page in reader.pages:
        text = text_by_marking(page)
        assert footer in text[True] and footer not in text[False]
        assert "1.1 Services conçus avec les citoyens" in text[False] or page.page_number > 0
        reached = {
            int(k)
            for element, _, on, _ in elements(tree_of(reader))
            if on == page.indirect_reference.idnum
            for k in kids(element)
            if isinstance(k, int)
        }
        assert set(marked_mcids(page)) <= reached
