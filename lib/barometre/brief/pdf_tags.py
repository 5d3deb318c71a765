"""What WeasyPrint 70's tagged PDF (PDF/UA-1 variant) leaves out, added to the PDF it wrote (with pypdf).

- Table headers: every ``/TH`` gets its ``/Scope`` (``/Row`` or ``/Column``), and the structure tree
  root an ``/IDTree``, so that the ``/Headers`` ids of every ``/TD`` resolve to their header cells
  (ISO 32000-1, 14.7.2: required when structure elements carry an ``/ID``).
- Page margins: WeasyPrint marks the text of its margin boxes (the brief's running footer and page
  number) as content whose structure elements are linked to no tree. Content the tree does not reach is
  made a pagination artifact (``/Artifact <</Type /Pagination /Subtype /Footer>> BDC … EMC``), and its
  MCIDs leave the page's entry of the parent tree.

Everything else (XMP metadata, language, title, bookmarks, fonts, the page content's drawing) is kept.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    PdfObject,
)

ROW, COLUMN = NameObject("/Row"), NameObject("/Column")
# a marked-content sequence with an MCID as WeasyPrint opens it: « /Span\n<</MCID 131>>\nBDC »
MARKED = re.compile(rb"/[^\s/<>\[\]()]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")


def accessible_pdf(data: bytes, margin: str = "/Footer") -> bytes:
    """``data``, a PDF WeasyPrint wrote (``pdf_variant="pdf/ua-1"``), repaired for PDF/UA-1.

    Its table headers are scoped and resolvable, and the content no structure element reaches is a
    pagination artifact of kind ``margin`` (``/Footer``: the brief's margin boxes are all at the foot of
    its pages). A PDF without a structure tree is returned as it is.
    """
    # an incremental update: WeasyPrint's objects stay as written (compressed in object streams), the changed
    # ones are appended (a whole rewrite made the brief 2,6 times larger: 45 KB → 120 KB)
    writer = PdfWriter(io.BytesIO(data), incremental=True)
    tree = writer.root_object.get("/StructTreeRoot")
    if tree is None:  # not a tagged PDF: nothing to repair
        return data
    tree = tree.get_object()
    reached = reached_mcids(tree)
    for page in writer.pages:
        mark_artifacts(page, reached.get(page.indirect_reference.idnum, set()), tree, margin)
    scope_headers(tree)
    if "/IDTree" not in tree:
        add_id_tree(tree)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def elements(node: PdfObject, page: int | None = None, seen: set | None = None) -> Iterator[tuple]:
    """``(element, its reference, its page's object number)`` for each structure element under ``node``."""
    seen = set() if seen is None else seen
    kids = node.get("/K") if isinstance(node, DictionaryObject) else None
    for kid in kids if isinstance(kids, ArrayObject) else [] if kids is None else [kids]:
        if not isinstance(kid, IndirectObject) or kid.idnum in seen:
            continue
        element = kid.get_object()
        if not isinstance(element, DictionaryObject) or "/S" not in element:
            continue
        seen.add(kid.idnum)
        on = page_number(element, page)
        yield element, kid, on
        yield from elements(element, on, seen)


def page_number(node: DictionaryObject, default: int | None) -> int | None:
    """The object number of the page ``node`` names (``/Pg``), else ``default`` (its parent's page)."""
    page = node.raw_get("/Pg") if "/Pg" in node else None
    return page.idnum if isinstance(page, IndirectObject) else default


def reached_mcids(tree: DictionaryObject) -> dict[int, set[int]]:
    """The MCIDs the structure tree reaches, by page (the page object's number)."""
    reached: dict[int, set[int]] = {}
    for element, _, page in elements(tree):
        kids = element.get("/K")
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            kid = kid.get_object() if isinstance(kid, IndirectObject) else kid
            if isinstance(kid, int):
                reached.setdefault(page, set()).add(int(kid))
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
                reached.setdefault(page_number(kid, page), set()).add(int(kid["/MCID"]))
    return reached


def mcid(operands: list) -> int | None:
    """The MCID of a ``BDC`` operator's operands, if it has one."""
    properties = operands[1] if len(operands) > 1 else None
    if isinstance(properties, DictionaryObject) and "/MCID" in properties:
        return int(properties["/MCID"])
    return None


def mark_artifacts(page, reached: set[int], tree: DictionaryObject, margin: str) -> None:
    """Make the marked content of ``page`` that the tree does not reach a pagination artifact.

    Its MCIDs are taken out of the page's entry of the parent tree (set to null; trailing nulls dropped).
    """
    contents = page.get_contents()
    if contents is None:
        return
    stream = ContentStream(contents, page.pdf)
    loose: list[int] = []
    for operands, operator in stream.operations:
        if operator == b"BDC" and (number := mcid(operands)) is not None and number not in reached:
            loose.append(number)
            operands[:] = [NameObject("/Artifact"), DictionaryObject({
                NameObject("/Type"): NameObject("/Pagination"), NameObject("/Subtype"): NameObject(margin)})]  # fmt: skip
    if not loose:
        return
    parts = page["/Contents"].get_object()
    parts = [part.get_object() for part in (parts if isinstance(parts, ArrayObject) else [parts])]
    artifact = b"/Artifact <</Type /Pagination /Subtype " + margin.encode() + b">> BDC"
    texts, found = [], 0
    for part in parts:  # the operators' own bytes changed, every number drawn as WeasyPrint wrote it
        text = MARKED.sub(lambda m: artifact if int(m[1]) in loose else m[0], part.get_data())
        texts.append(text)
        found += sum(int(m[1]) in loose for m in MARKED.finditer(part.get_data()))
    if found != len(loose):  # written otherwise than WeasyPrint 70 does: the parsed operators, written again
        texts = [stream.get_data()] + [b""] * (len(parts) - 1)
    for part, text in zip(parts, texts, strict=True):
        part.set_data(text)
    parents = tree.get("/ParentTree")
    key = page.get("/StructParents")
    if parents is None or key is None:
        return
    nums = parents.get_object().get("/Nums", ArrayObject())
    for at in range(0, len(nums) - 1, 2):
        if nums[at] == key:
            entry = nums[at + 1].get_object()
            for number in loose:
                if number < len(entry):
                    entry[number] = NullObject()
            while entry and isinstance(entry[-1].get_object(), NullObject):
                entry.pop()


def table_cells(table: DictionaryObject) -> Iterator[tuple[DictionaryObject, DictionaryObject, str]]:
    """``(cell, its row, the row group's tag)`` for each TH and TD of ``table`` (not of a nested table)."""

    def walk(node: DictionaryObject, row: DictionaryObject | None, group: str) -> Iterator[tuple]:
        kids = node.get("/K")
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            kid = kid.get_object() if isinstance(kid, IndirectObject) else kid
            if not isinstance(kid, DictionaryObject) or "/S" not in kid or kid["/S"] == "/Table":
                continue
            tag = str(kid["/S"])
            if tag in ("/TH", "/TD") and row is not None:
                yield kid, row, group
            elif tag == "/TR":
                yield from walk(kid, kid, group)
            else:
                yield from walk(kid, row, tag if tag in ("/THead", "/TBody", "/TFoot") else group)

    yield from walk(table, None, "/TBody")


def scope_headers(tree: DictionaryObject) -> None:
    """Give every TH without a ``/Scope`` one, as WeasyPrint linked it to the data cells.

    ``/Row`` when a data cell of its own row names it among its ``/Headers`` (WeasyPrint's reading of
    ``scope="row"``), else ``/Column``; a header no cell names is a column header in a table's head, a
    row header when it opens a body row.
    """
    for table, _, _ in elements(tree):
        if table["/S"] != "/Table":
            continue
        cells = list(table_cells(table))
        named = {(id(row), str(h)) for cell, row, _ in cells if cell["/S"] == "/TD"
                 for h in attributes(cell).get("/Headers", [])}  # fmt: skip
        for cell, row, group in cells:
            if cell["/S"] != "/TH" or "/Scope" in attributes(cell):
                continue
            key = str(cell.get("/ID", ""))
            if (id(row), key) in named:
                scope = ROW
            elif key and any(key == h for _, h in named):
                scope = COLUMN
            else:
                first = next(c for c, r, _ in cells if r is row) is cell
                scope = ROW if group != "/THead" and first else COLUMN
            table_attributes(cell)[NameObject("/Scope")] = scope


def attributes(cell: DictionaryObject) -> DictionaryObject:
    """The cell's table attributes (``/A`` with ``/O /Table``), empty when it has none."""
    found = cell.get("/A")
    found = found.get_object() if found is not None else None
    for item in found if isinstance(found, ArrayObject) else [found]:
        item = item.get_object() if item is not None else None
        if isinstance(item, DictionaryObject) and item.get("/O") == "/Table":
            return item
    return DictionaryObject()


def table_attributes(cell: DictionaryObject) -> DictionaryObject:
    """The cell's table attributes, added to its ``/A`` when it has none."""
    found = attributes(cell)
    if "/O" in found:
        return found
    added = DictionaryObject({NameObject("/O"): NameObject("/Table")})
    current = cell.get("/A")
    if current is None:
        cell[NameObject("/A")] = added
    else:
        cell[NameObject("/A")] = ArrayObject(
            [*(current.get_object() if isinstance(current.get_object(), ArrayObject) else [current]), added]
        )
    return added


def add_id_tree(tree: DictionaryObject) -> None:
    """Add the ``/IDTree`` (a name tree of one node) mapping each element's ``/ID`` to the element."""
    ids: dict[bytes, tuple] = {}
    for element, reference, _ in elements(tree):
        if "/ID" in element:
            key = element["/ID"]
            ids.setdefault(getattr(key, "original_bytes", str(key).encode()), (key, reference))
    if not ids:
        return
    names = ArrayObject()
    for _, (key, reference) in sorted(ids.items()):
        names += [key, reference]
    tree[NameObject("/IDTree")] = DictionaryObject({NameObject("/Names"): names})
