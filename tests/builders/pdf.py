"""Clean report text -> a PDF laid out like CQC's download (fpdf2, a test dependency).

A4, Helvetica 10 pt body wrapped at the text width (about 95 characters a line), a running
header (the report title) and footer (the CQC web address and "Page N of M"), headings
larger and bold, bullets with a "•" glyph and a hanging indent, the overview's score list as
a two-column table, and every fifth long word that falls at a line end hyphenated across it
("assess-" / "ment"); a hyphenated word that falls there breaks at its own hyphen.
"""

from __future__ import annotations

from fpdf import FPDF

from builders.blocks import BOLD, blocks

WIDTH = 170  # mm of text between 20 mm margins
SITE = "www.cqc.org.uk/care-services/local-authority-assessments"


class _Report(FPDF):
    def __init__(self, title: str, header: bool = True):
        super().__init__(format="A4", unit="mm")
        self.title_line = title
        self.running = header
        self.set_margins(20, 22, 20)
        self.set_auto_page_break(True, margin=22)
        self.alias_nb_pages()
        self.core_fonts_encoding = "windows-1252"  # "£", "–", "•" in Helvetica (WinAnsi)

    def header(self):
        if self.running:
            self.set_font("Helvetica", "", 8)
            self.set_xy(20, 10)
            self.cell(130, 4, self.title_line)
            self.cell(40, 4, "Printed 2 June 2025", align="R")
            self.set_xy(20, 22)

    def footer(self):
        if self.running:
            self.set_font("Helvetica", "", 8)
            self.set_xy(20, -14)
            self.cell(130, 4, SITE)
            self.cell(40, 4, f"Page {self.page_no()} of {{nb}}", align="R")


def _wrap(pdf: FPDF, text: str, width: float, counter: list[int]) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if pdf.get_string_width(candidate) <= width:
            line = candidate
            continue
        head = ""
        if "-" in word.strip("-"):  # a real hyphenated word breaks at its hyphen
            parts = word.split("-")
            for k in range(len(parts) - 1, 0, -1):
                trial = "-".join(parts[:k]) + "-"
                if pdf.get_string_width(f"{line} {trial}") <= width:
                    head, word = trial, "-".join(parts[k:])
                    break
        elif word.isalpha() and len(word) >= 10:
            counter[0] += 1
            if counter[0] % 5 == 0:
                for k in range(len(word) - 4, 3, -1):
                    trial = word[:k] + "-"
                    if pdf.get_string_width(f"{line} {trial}") <= width:
                        head, word = trial, word[k:]
                        break
        if head:
            lines.append(f"{line} {head}" if line else head)
            line = word
        else:
            if line:
                lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def build_pdf(text: str, header: bool = True) -> bytes:
    """The PDF bytes of ``text`` (a clean report text), laid out as described above."""
    items = blocks(text)
    pdf = _Report(items[0].text if items else "", header=header)
    pdf.add_page()
    counter = [0]
    for block in items:
        plain = BOLD.sub(r"\1", block.text)
        if block.kind == "title":
            pdf.set_font("Helvetica", "B", 18)
            for line in _wrap(pdf, plain, WIDTH, counter):
                pdf.cell(WIDTH, 9, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        elif block.kind == "heading":
            pdf.set_font("Helvetica", "B", 13)
            if pdf.get_y() > 250:
                pdf.add_page()
            pdf.ln(2)
            for line in _wrap(pdf, plain, WIDTH, counter):
                pdf.cell(WIDTH, 7, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif block.kind == "score_row":
            pdf.set_font("Helvetica", "", 10)
            pdf.cell(120, 7, plain, border="B")
            pdf.cell(50, 7, block.score, border="B", new_x="LMARGIN", new_y="NEXT")
        elif block.kind == "bullets":
            pdf.set_font("Helvetica", "", 10)
            for item in block.items:
                for k, line in enumerate(_wrap(pdf, BOLD.sub(r"\1", item), WIDTH - 6, counter)):
                    pdf.set_x(20)
                    pdf.cell(6, 5, "\u2022" if k == 0 else "")
                    pdf.cell(WIDTH - 6, 5, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        else:
            pdf.set_font("Helvetica", "", 10)
            for line in _wrap(pdf, plain, WIDTH, counter):
                pdf.cell(WIDTH, 5, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    return bytes(pdf.output())
