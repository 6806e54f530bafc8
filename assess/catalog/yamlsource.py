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
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise YamlSyntaxError(mark.line + 1 if mark else 1,
                              f"YAMLの構文エラー: {e.problem or e.context}") from None
    except yaml.YAMLError as e:
        raise YamlSyntaxError(1, f"YAMLとして読めません: {e}") from None
    finally:
        loader.dispose()
    if node is not None:
        _refuse_aliases(node)
    doc = YamlDoc(_tuplify(data))
    if node is not None:
        doc.lines[()] = node.start_mark.line + 1
        _walk(node, (), doc)
    return doc


def _refuse_aliases(root) -> None:
    """Anchors and aliases (&a / *a) are not needed in a catalog, and a file of nested aliases
    ("billion laughs") would expand without bound: a node met twice is refused."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise YamlSyntaxError(node.start_mark.line + 1,
                                  "別名（アンカー & とエイリアス *）は使えません。値をそのまま書いてください")
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(v for pair in node.value for v in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _walk(node, path: Path, doc: YamlDoc) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                doc.duplicates.append((key_node.start_mark.line + 1, key))
            seen.add(key)
            doc.lines[path + (key,)] = key_node.start_mark.line + 1
            _walk(value_node, path + (key,), doc)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            doc.lines[path + (index,)] = item.start_mark.line + 1
            _walk(item, path + (index,), doc)


def _tuplify(value):
    """Lists become tuples so the frozen models validate them strictly."""
    if isinstance(value, list):
        return tuple(_tuplify(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuplify(v) for k, v in value.items()}
    return value
