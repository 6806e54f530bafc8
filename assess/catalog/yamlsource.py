"""YAML read with positions: the data, plus the line of every key and list item.

The C loader is used when PyYAML has it. Duplicate keys, which PyYAML silently lets the last one
win, are reported instead.
"""

from dataclasses import dataclass, field

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path = tuple  # a path into the document: keys and list indexes


@dataclass
class YamlDoc:
    data: object
    lines: dict[Path, int] = field(default_factory=dict)
    duplicates: list[tuple[int, str]] = field(default_factory=list)  # (line, key)

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest ancestor that exists (a missing key's parent)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1


class YamlSyntaxError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def parse(text: str) -> YamlDoc:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        doc = YamlDoc(None)
        if node is not None:
            doc.lines[()] = node.start_mark.line + 1
            doc.data = _build(node, (), doc, loader, set())
        return doc
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise YamlSyntaxError(mark.line + 1 if mark else 1,
                              f"YAMLの構文エラー: {e.problem or e.context}") from None
    except yaml.YAMLError as e:
        raise YamlSyntaxError(1, f"YAMLとして読めません: {e}") from None
    finally:
        loader.dispose()


_STR = "tag:yaml.org,2002:str"


def _build(node, path: Path, doc: YamlDoc, loader, seen: set[int]):
    """The node's value (mappings as dicts, lists as tuples so the frozen models validate them
    strictly), with the line of every key and item, in one pass over the composed nodes.

    Anchors and aliases (&a / *a) are not needed in a catalog, and a file of nested aliases
    ("billion laughs") would expand without bound: a node met twice is refused."""
    if id(node) in seen:
        raise YamlSyntaxError(node.start_mark.line + 1,
                              "別名（アンカー & とエイリアス *）は使えません。値をそのまま書いてください")
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlSyntaxError(key_node.start_mark.line + 1, "項目名（キー）には文字列を書いてください")
            key = _scalar(key_node, loader)
            if key in out:
                doc.duplicates.append((key_node.start_mark.line + 1, key))
            doc.lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _build(value_node, path + (key,), doc, loader, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            doc.lines[path + (index,)] = item.start_mark.line + 1
            items.append(_build(item, path + (index,), doc, loader, seen))
        return tuple(items)
    return _scalar(node, loader)


def _scalar(node, loader):
    # Most catalog scalars are plain strings: skip the constructor for them.
    return node.value if node.tag == _STR else loader.construct_object(node)
