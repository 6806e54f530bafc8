"""Parameter values staff enter: checked against the catalog's type and range, in Japanese."""

import pytest

from assess.catalog.params import ParamError, parse
from assess.catalog.schema import Parameter

DAYS = Parameter.model_validate({"type": "integer", "title": {"ja": "ログ保管日数"}, "unit": "日",
                                 "default": 365, "min": 90, "max": 3650})
RATE = Parameter.model_validate({"type": "number", "title": {"ja": "誤り率"}, "unit": "%",
                                 "default": 0.5, "min": 0, "max": 100})
FREQ = Parameter.model_validate({"type": "choice", "title": {"ja": "報告頻度"}, "default": "毎月",
                                 "options": ("毎月", "四半期")})


@pytest.mark.parametrize(("param", "raw", "value"), [
    (DAYS, "730", 730), (DAYS, "１，０９５", 1095), (DAYS, " 90 ", 90),
    (RATE, "0.25", 0.25), (FREQ, "四半期", "四半期"),
])
def test_good_values(param, raw, value):
    assert parse(param, raw) == value


@pytest.mark.parametrize(("param", "raw", "message"), [
    (DAYS, "abc", "ログ保管日数は整数で入力してください（入力: 「abc」）。"),
    (DAYS, "1.5", "ログ保管日数は整数で入力してください（入力: 「1.5」）。"),
    (DAYS, "30", "ログ保管日数は90日以上3650日以下で入力してください（入力: 30日）。"),
    (DAYS, "99999999999999999999", "ログ保管日数は90日以上3650日以下で入力してください（入力: 99999999999999999999日）。"),
    (DAYS, "", "ログ保管日数を入力してください。"),
    (RATE, "nan", "誤り率は数値で入力してください（入力: 「nan」）。"),
    (RATE, "-1", "誤り率は0%以上100%以下で入力してください（入力: -1%）。"),
    (FREQ, "毎週", "報告頻度は 毎月、四半期 から選んでください（入力: 「毎週」）。"),
])
def test_bad_values_name_the_parameter_and_the_input(param, raw, message):
    with pytest.raises(ParamError) as e:
        parse(param, raw)
    assert str(e.value) == message
