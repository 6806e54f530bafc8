"""Checks across a control's fields and against the catalog (sources, domains, parameters).

Each check returns (path inside the control, message in Japanese); the loader adds file and line.
"""

from collections import defaultdict

from assess.catalog import texts
from assess.catalog.schema import PRIORITY_LABELS, CatalogMeta, Control
from assess.scoring.model import VALID_AT

_NUMERIC = ("integer", "number")


def _templated(control: Control):
    """(path inside the control, text) for every text that may use the parameters."""
    parts = (("selection", ("question", "eligibility")), ("contract", ("clause", "terms")),
             ("operations", ("question", "checklist")))
    for stage, fields in parts:
        part = getattr(control, stage)
        for name in fields if part is not None else ():
            text = getattr(part, name)
            for lang in ("ja", "en"):
                if text is not None and getattr(text, lang, None):
                    yield (stage, name, lang), getattr(text, lang)
    for i, record in enumerate(control.operations.records if control.operations else ()):
        yield ("operations", "records", i, "ja"), record.ja


def check_control(control: Control, meta: CatalogMeta | None, file_domain) -> list[tuple]:
    found: list[tuple] = []
    found += _check_domain(control, meta, file_domain)
    found += _check_parameter_names(control)
    used = set()
    for path, text in _templated(control):
        names, problems = _check_template(control, text, path)
        used |= names
        found += problems
    found += _check_expect(control, used)
    found += _check_kpi(control, used)
    found += _check_article(control, meta)
    found += _check_group(control, meta)
    found += _check_references(control, meta)
    for name in control.parameters:
        if name not in used:
            found.append((("parameters", name),
                          f"パラメータ '{name}' がどの文面（質問・条項・特記事項・チェック項目・記録）にも使われていません"))
    return found


def _check_domain(control: Control, meta: CatalogMeta | None, file_domain) -> list[tuple]:
    if control.domain_id != file_domain:
        return [(("id",), f"統制IDの接頭辞 '{control.domain_id}' がファイルのドメイン "
                          f"'{file_domain}' と一致しません")]
    if meta is not None and file_domain not in {d.id for d in meta.domains}:
        return [(("id",), f"ドメイン '{file_domain}' が catalog.yaml の domains にありません")]
    return []


def _check_parameter_names(control: Control) -> list[tuple]:
    return [(("parameters", name), f"パラメータ名 '{name}' は英小文字・数字・_ で書いてください")
            for name in control.parameters
            if not (name[:1].isascii() and name[:1].islower() and name.replace("_", "").isalnum()
                    and name.isascii())]


def _check_template(control: Control, text: str, path: tuple) -> tuple[set, list[tuple]]:
    try:
        names = texts.variables(text)
    except texts.TemplateSyntaxError as e:
        return set(), [(path, f"{'.'.join(path)} のテンプレートの構文エラー: {e.message}")]
    unknown = sorted(names - set(control.parameters))
    if unknown:
        return names, [(path, f"{'.'.join(path)} が未定義のパラメータ "
                              f"{', '.join(repr(n) for n in unknown)} を参照しています")]
    try:
        texts.render(text, control.defaults())
    except Exception as e:  # any runtime failure of a template is reported, never raised
        return names, [(path, f"{'.'.join(path)} が既定値で描画できません: {e}")]
    return names, []


def _check_expect(control: Control, used: set) -> list[tuple]:
    expect, answer = control.expect, control.answer
    if expect is None or answer is None:
        return []
    form, operand = expect.form, expect.operand
    where = ("expect", form)
    if form in ("gte", "lte"):
        if answer.type != "number":
            return [(where, f"expect.{form} は answer.type: number の統制にだけ使えます")]
        if isinstance(operand, str):
            param = control.parameters.get(operand)
            if param is None:
                return [(where, f"expect.{form} が未定義のパラメータ '{operand}' を参照しています")]
            if param.type not in _NUMERIC:
                return [(where, f"expect.{form} のパラメータ '{operand}' は数値ではありません")]
            used.add(operand)
        return []
    if form == "equals" and operand not in answer.option_values():
        return [(where, f"expect.equals の値 '{operand}' は回答の選択肢にありません"
                        f"（選択肢: {', '.join(answer.option_values())}）")]
    if form == "one_of":
        if answer.type != "choice":
            return [(where, "expect.one_of は answer.type: choice の統制にだけ使えます")]
        unknown = [v for v in operand if v not in answer.option_values()]
        if unknown:
            return [(where, f"expect.one_of の値 {', '.join(unknown)} は回答の選択肢にありません")]
    if form == "after_contract_end":
        return [(where, "expect.after_contract_end は使えません。有効期限は契約期間の途中で更新されるため、"
                        "expect: {valid_at: <パラメータ>}（回答期限日 又は 契約開始日に有効であること）を使います")]
    if form == "valid_at":
        return _check_valid_at(control, operand, used)
    return []


def _check_valid_at(control: Control, operand: str, used: set) -> list[tuple]:
    where, known = ("expect", "valid_at"), "・".join(VALID_AT)
    if control.answer.type != "date":
        return [(where, "expect.valid_at は answer.type: date の統制にだけ使えます")]
    if operand in VALID_AT:
        return []
    param = control.parameters.get(operand)
    if param is None:
        return [(where, f"expect.valid_at の '{operand}' はパラメータでも {known} のどれでもありません")]
    used.add(operand)
    unknown = [o for o in param.options or () if o not in VALID_AT]
    if param.type != "choice" or unknown:
        return [(where, f"expect.valid_at のパラメータ '{operand}' は、選択肢が {known} の中だけの"
                        "choice にします" + (f"（不明な選択肢: {', '.join(unknown)}）" if unknown else ""))]
    return []


def _check_group(control: Control, meta: CatalogMeta | None) -> list[tuple]:
    if control.any_of is None:
        return []
    where, found = ("any_of",), []
    if meta is not None and meta.group(control.any_of) is None:
        found.append((where, f"any_of の組 '{control.any_of}' が catalog.yaml の groups にありません"))
    if control.answer is None or not control.answer.allow_na:
        found.append((where, "any_of の統制には answer.allow_na: true が必要です（持たない方を「該当なし」と"
                             "答えられるように）"))
    return found


def check_groups(controls: list[Control]) -> list[tuple]:
    """(control id, message) for any-of groups that cannot work: one member only, or members of
    different priorities (the group is judged once, at one priority)."""
    members: dict[str, list[Control]] = defaultdict(list)
    for c in controls:
        if c.any_of is not None:
            members[c.any_of].append(c)
    found = []
    for group, found_in in members.items():
        ids = "、".join(c.id for c in found_in)
        if len(found_in) < 2:
            found += [(c.id, f"any_of の組 '{group}' の統制が {ids} の1つだけです（2つ以上必要）") for c in found_in]
        elif len({c.priority for c in found_in}) > 1:
            shown = "、".join(f"{c.id} {PRIORITY_LABELS[c.priority]}" for c in found_in)
            found += [(c.id, f"any_of の組 '{group}' の優先度がそろっていません（{shown}）") for c in found_in]
    return found


def _check_kpi(control: Control, used: set) -> list[tuple]:
    kpi = control.operations.kpi if control.operations else None
    if kpi is None:
        return []
    param = control.parameters.get(kpi.parameter)
    if param is None or param.type not in _NUMERIC:
        return [(("operations", "kpi", "parameter"), f"kpi.parameter '{kpi.parameter}' は"
                                                     "この統制の数値パラメータではありません")]
    used.add(kpi.parameter)
    return []


def _check_article(control: Control, meta: CatalogMeta | None) -> list[tuple]:
    terms = control.contract.terms if control.contract else None
    if terms is None or meta is None:
        return []
    known = [a.id for a in meta.articles]
    if terms.article not in known:
        return [(("contract", "terms", "article"), f"特記事項の条 '{terms.article}' は catalog.yaml の "
                                                   f"articles にありません（{', '.join(known)}）")]
    return []


def _check_references(control: Control, meta: CatalogMeta | None) -> list[tuple]:
    if meta is None:
        return []
    known = {s.id for s in meta.sources}
    return [(("references", i, "source"), f"出典 '{ref.source}' は catalog.yaml の sources にありません")
            for i, ref in enumerate(control.references) if ref.source not in known]


def check_domain_coverage(meta: CatalogMeta, present: set) -> list[tuple]:
    """(path in catalog.yaml, message) for duplicated domains and domains with no controls."""
    found, seen = [], set()
    for i, d in enumerate(meta.domains):
        if d.id in seen:
            found.append((("domains", i), f"ドメイン '{d.id}' が domains に重複しています"))
        elif d.id not in present:
            found.append((("domains", i), f"ドメイン '{d.id}'（{d.title.ja}）に統制が1つもありません"))
        seen.add(d.id)
    return found
