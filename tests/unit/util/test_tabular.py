"""Reading CSV (UTF-8, UTF-8 with BOM, CP932, tab-separated) and finding the header row."""

import pytest

from assess.util.tabular import TableError, column_letter, decode, read_table

COLUMNS = {"name": ("名称", "商号又は名称"), "number": ("法人番号",), "memo": ("備考",)}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_encodings(encoding):
    text = "タイトル行\r\n商号又は名称,法人番号\r\n株式会社①ﾃｽﾄ,123\r\n,\r\n"
    if encoding == "cp932":
        text = text.replace("①", "ー")  # keep to characters CP932 has
    table = read_table(text.encode(encoding), "a.csv", COLUMNS, ("name", "number"))
    assert table.header_row == 2
    assert [(n, table.value(c, "name")) for n, c in table.rows] == [(3, text.split("\r\n")[2].split(",")[0])]
    assert table.value(table.rows[0][1], "memo") == ""  # an optional column that is not there


def test_tab_separated_and_header_names_compared_loosely():
    data = "商号又は名称\t法人 番号\nA社\t1\n".encode()
    table = read_table(data, "a.txt", COLUMNS, ("name", "number"))
    assert table.cell(2, "number").where == "2行目 B列（法人 番号）"


def test_what_cannot_be_read_says_so():
    with pytest.raises(TableError, match="文字コード"):
        decode(b"\x82 \x82\x81\x7f")
    with pytest.raises(TableError, match="見出しの行"):
        read_table(b"a,b\n1,2\n", "a.csv", COLUMNS, ("name",))
    with pytest.raises(TableError, match="空"):
        read_table(b"  \n", "a.csv", COLUMNS, ("name",))


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]
